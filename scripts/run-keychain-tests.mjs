#!/usr/bin/env node
// Runs test/keychain/ against the real Secret Service: a private D-Bus
// session (dbus-run-session) with a throwaway, unlocked gnome-keyring whose
// files live in a temporary folder, so a developer's own keyring is never
// touched. Without those programs it says so and skips.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUIRED_PROGRAMS = ['dbus-run-session', 'gnome-keyring-daemon'];
const SUITE_TIMEOUT_MS = 5 * 60_000;

// Started under the private bus: unlock a new login keyring with the
// password on stdin, wait until the Secret Service owns its bus name, then
// run the suite. The bus and keyring daemons chatter on the session's own
// stdout and stderr (missing display, prompts that cannot show); that goes
// to a log shown only on failure, while the suite writes to fds 3 and 4,
// the real terminal.
const SESSION_SCRIPT = `
set -e
printf '%s' "$MIMECAST_XDR_TEST_KEYRING_PASSWORD" |
  gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
if command -v dbus-send >/dev/null 2>&1; then
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus \\
      /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \\
      string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
      echo 'The Secret Service did not appear on the private bus.' >&2
      exit 1
    fi
    sleep 0.1
  done
else
  sleep 1
fi
"$MIMECAST_XDR_NODE" "$MIMECAST_XDR_VITEST" run \\
  --config vitest.keychain.config.ts 1>&3 2>&4
`;

function isOnPath(program) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function createSandbox() {
  const home = mkdtempSync(join(tmpdir(), 'mimecast-xdr-keyring-'));
  for (const name of ['data', 'config', 'cache', 'run']) {
    mkdirSync(join(home, name), { mode: 0o700 });
  }
  return home;
}

function findVitest(projectRoot) {
  const require = createRequire(join(projectRoot, 'package.json'));
  const manifest = require.resolve('vitest/package.json');
  return join(dirname(manifest), require(manifest).bin.vitest);
}

function sessionEnvironment(home, projectRoot) {
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    MIMECAST_XDR_PRIVATE_KEYRING: '1',
    MIMECAST_XDR_TEST_KEYRING_PASSWORD: randomBytes(16).toString('hex'),
    MIMECAST_XDR_NODE: process.execPath,
    MIMECAST_XDR_VITEST: findVitest(projectRoot),
  };

  // Nothing may reach the desktop's own bus, keyring or display: an unlock
  // prompt there would pop up on the developer's screen.
  for (const name of [
    'DBUS_SESSION_BUS_ADDRESS',
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'GNOME_KEYRING_CONTROL',
    'SSH_AUTH_SOCK',
  ]) {
    delete env[name];
  }
  return env;
}

function runSuite(projectRoot, env, logFd) {
  return new Promise((resolve) => {
    const child = spawn(
      'dbus-run-session',
      ['--', 'sh', '-c', SESSION_SCRIPT],
      { cwd: projectRoot, env, stdio: ['ignore', logFd, logFd, 1, 2] },
    );
    const timer = setTimeout(() => {
      console.error('The real-keychain tests took too long; stopping them.');
      child.kill('SIGTERM');
    }, SUITE_TIMEOUT_MS);

    child.on('error', (error) => {
      clearTimeout(timer);
      console.error(`Could not start dbus-run-session: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

function showSessionLog(path) {
  const log = readFileSync(path, 'utf8').trim();
  if (log === '') return;
  console.error('\nOutput of the private D-Bus session and gnome-keyring:');
  console.error(log);
}

async function main() {
  if (!REQUIRED_PROGRAMS.every(isOnPath)) {
    console.log(
      'Skipped the real-keychain tests: dbus-run-session and ' +
        'gnome-keyring-daemon are not installed ' +
        '(apt-get install dbus gnome-keyring)',
    );
    return 0;
  }

  const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
  const home = createSandbox();
  console.log(
    'Running the real-keychain tests in a private D-Bus session with a ' +
      `throwaway gnome-keyring under ${home}`,
  );

  const logPath = join(home, 'session.log');
  const logFd = openSync(logPath, 'w');
  try {
    const env = sessionEnvironment(home, projectRoot);
    const status = await runSuite(projectRoot, env, logFd);
    if (status !== 0) showSessionLog(logPath);
    return status;
  } finally {
    closeSync(logFd);
    rmSync(home, { recursive: true, force: true });
  }
}

process.exitCode = await main();
