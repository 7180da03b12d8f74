import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterEach, describe, expect } from 'vitest';
import {
  BIN,
  DEMO_TENANT,
  ROOT,
  findLeaks,
  useSandbox,
  type Sandbox,
} from './harness.js';

const exec = promisify(execFile);

/** True when a tmux binary answers; the pseudo-terminal tests need it. */
export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;

/** Why the pseudo-terminal tests did not run, for their names. */
export const TMUX_MISSING =
  'skipped: tmux is not installed (apt-get install tmux; .ci/run does)';

/** Inputs of openPane. */
export interface PaneOptions {
  /** The exact environment of the shell in the pane. */
  env: Record<string, string>;
  cwd: string;
  columns?: number;
  rows?: number;
}

/** How long a wait for the screen may take before the test fails. */
export interface WaitOptions {
  timeoutMs?: number;
}

/** A key by tmux name (`Enter`, `Down`, `C-c`), or text typed as is. */
export type Keystroke = string | { text: string };

/**
 * One tmux window on a private server, running a bare shell: the tests type
 * into it as a person would and read back what the terminal shows.
 */
export interface Pane {
  /** The server's socket name, `mimecast-xdr-e2e-<random>`. */
  readonly socket: string;
  /** Types a command line into the shell and presses Enter. */
  run(command: string): Promise<void>;
  /** Types text literally, as from the keyboard. */
  type(text: string): Promise<void>;
  /** Presses keys by tmux name: `Enter`, `Up`, `Down`, `C-c`. */
  press(...keys: string[]): Promise<void>;
  /** Everything the pane has shown, scrollback included, lines joined. */
  history(): Promise<string>;
  /** Waits until the history matches `pattern`; returns the history. */
  waitFor(pattern: RegExp, options?: WaitOptions): Promise<string>;
  /**
   * Waits for the prompt asking `message` to be the one waiting for an
   * answer (inquirer marks it with `?`), then presses `keys`, then waits
   * for the prompt to be answered, so that answers never run ahead.
   */
  answer(message: string, ...keys: Keystroke[]): Promise<void>;
  /** Clears the screen and the scrollback, for a fresh start. */
  clear(): Promise<void>;
  /** Ends the server and everything in it. */
  kill(): Promise<void>;
}

const POLL_MS = 100;
/** A prompt is drawn a moment before it listens for keys. */
const SETTLE_MS = 150;
const KEY_GAP_MS = 30;
const DEFAULT_TIMEOUT_MS = 20_000;

/** Starts a private tmux server with one window of a fixed size. */
export async function openPane(options: PaneOptions): Promise<Pane> {
  const socket = `mimecast-xdr-e2e-${randomBytes(6).toString('hex')}`;
  const tmux = (...args: string[]) =>
    exec('tmux', ['-L', socket, ...args], { env: options.env });

  await tmux(
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'e2e',
    '-x',
    String(options.columns ?? 100),
    '-y',
    String(options.rows ?? 40),
    '-c',
    options.cwd,
    // No history file: the shell must leave nothing in the test's HOME.
    "PS1='$ ' HISTFILE=/dev/null exec bash --norc --noprofile",
  );
  await tmux('set-option', '-g', 'history-limit', '50000');

  const history = async () =>
    (await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'e2e')).stdout;
  const pane: Pane = {
    socket,
    run: async (command) => {
      await tmux('send-keys', '-t', 'e2e', '-l', command);
      await tmux('send-keys', '-t', 'e2e', 'Enter');
    },
    type: async (text) => {
      await tmux('send-keys', '-t', 'e2e', '-l', text);
    },
    press: async (...keys) => {
      await tmux('send-keys', '-t', 'e2e', ...keys);
    },
    history,
    waitFor: (pattern, wait = {}) => waitForText(history, pattern, wait),
    async answer(message, ...keys) {
      const waiting = activePrompt(message);
      await pane.waitFor(waiting);
      await pause(SETTLE_MS);
      for (const key of keys) {
        await pause(KEY_GAP_MS);
        if (typeof key === 'string') await pane.press(key);
        else await pane.type(key.text);
      }
      await waitForText(history, waiting, {}, false);
    },
    async clear() {
      await pane.run('clear');
      await pause(SETTLE_MS * 2);
      await tmux('clear-history', '-t', 'e2e');
      await waitForText(history, /^\$ clear/m, {}, false);
    },
    kill: async () => {
      await tmux('kill-server').catch(() => undefined);
    },
  };
  await pane.waitFor(/^\$\s*$/m);
  return pane;
}

/** A prompt's line while it waits: `? message`, at the start of a line. */
export function activePrompt(message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\? ${escaped}`, 'm');
}

async function waitForText(
  read: () => Promise<string>,
  pattern: RegExp,
  options: WaitOptions,
  present = true,
): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let text = '';
  while (Date.now() < deadline) {
    text = await read();
    if (pattern.test(text) === present) return text;
    await pause(POLL_MS);
  }
  const wanted = present ? 'to appear' : 'to go away';
  throw new Error(
    `Timed out waiting for ${String(pattern)} ${wanted}. The pane:\n` +
      `${'-'.repeat(40)}\n${text}\n${'-'.repeat(40)}`,
  );
}

/** Single-quotes a word for the pane's shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The pane's environment: the sandbox's, without CI (which would make
 * setup non-interactive), with a plain shell prompt to wait for.
 */
export function paneEnv(
  sandboxEnv: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = { ...sandboxEnv, PS1: '$ ' };
  delete env.CI;
  return env;
}

/** Text typed into a prompt, then Enter. */
export function typed(text: string): Keystroke[] {
  return [{ text }, 'Enter'];
}

/**
 * Opens a pane on the sandbox's simulator and starts `setup` in it, the
 * exit status echoed as `EXIT=<n>` once the tool ends.
 */
export async function startSetupPane(
  box: Sandbox,
  extraEnv: Record<string, string> = {},
  args: string[] = [],
): Promise<Pane> {
  const pane = await openPane({
    env: {
      ...paneEnv(box.env),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      ...extraEnv,
    },
    cwd: ROOT,
  });
  await runSetupIn(pane, args);
  return pane;
}

/** What describeInTerminal gives its tests. */
export interface TerminalFixture {
  /** The running test's sandbox, as useSandbox gives it. */
  sandbox: () => Sandbox;
  /** Starts `setup` in a new pane, as startSetupPane does. */
  startSetup: typeof startSetupPane;
  /** Opens a bare shell on the sandbox's environment, in the repo root. */
  openShell: (box: Sandbox) => Promise<Pane>;
}

/**
 * Declares a suite that drives the binary in tmux, skipped (saying why)
 * where tmux is missing. Each test gets a fresh sandbox, and every pane it
 * opened is killed when it ends, before the sandbox's leak check.
 */
export function describeInTerminal(
  name: string,
  body: (fixture: TerminalFixture) => void,
): void {
  const title = HAS_TMUX ? name : `${name} (${TMUX_MISSING})`;
  describe.skipIf(!HAS_TMUX)(title, () => {
    body(useTerminal());
  });
}

function useTerminal(): TerminalFixture {
  const sandbox = useSandbox();
  let panes: Pane[] = [];
  afterEach(async () => {
    const open = panes;
    panes = [];
    for (const pane of open) await pane.kill();
  });

  const keep = (pane: Pane): Pane => {
    panes.push(pane);
    return pane;
  };
  return {
    sandbox,
    startSetup: async (...args) => keep(await startSetupPane(...args)),
    openShell: async (box) =>
      keep(await openPane({ env: paneEnv(box.env), cwd: ROOT })),
  };
}

/** Runs `setup` (again) in the pane's shell, with any extra `args`. */
export async function runSetupIn(
  pane: Pane,
  args: string[] = [],
): Promise<void> {
  const extra = args.map(shellQuote).join(' ');
  await pane.run(
    `node ${shellQuote(BIN)} setup --insecure-storage ${extra}; echo EXIT=$?`,
  );
}

/** The first question of `setup`; Down picks API 1.0 when 2.0 leads. */
export const WHICH_API = 'Which Mimecast API does this tenant use?';

/**
 * Picks API 1.0 and walks steps 1 and 2 with the demo tenant's values,
 * the application created long ago; step 3's menu comes next.
 */
export async function answerStepsOneAndTwo(pane: Pane): Promise<void> {
  await pane.answer(WHICH_API, 'Down', 'Enter');
  await pane.answer('Step 1 of 9: what next?', 'Enter');
  await pane.answer('Application ID', ...typed(DEMO_TENANT.appId));
  await pane.answer('Application Key', ...typed(DEMO_TENANT.appKey));
  await pane.answer('When was the application created?', 'Down', 'Enter');
  await pane.answer('Step 2 of 9: what next?', 'Enter');
  await pane.answer(
    "Service account's email address",
    ...typed(DEMO_TENANT.serviceAccount.email),
  );
}

/** At step 6's menu, types the demo tenant's Access and Secret Keys. */
export async function typeKeysAtStepSix(pane: Pane): Promise<void> {
  await pane.answer('Step 6 of 9: what next?', 'Enter');
  await pane.answer('How do you want to provide the keys?', 'Up', 'Enter');
  await pane.answer('Access Key', ...typed(DEMO_TENANT.accessKey));
  await pane.answer('Secret Key', ...typed(DEMO_TENANT.secretKey));
}

/** Walks steps 7 to 9, taking `baseUrl` as the base URL offered. */
export async function answerStepsSevenToNine(
  pane: Pane,
  baseUrl: string,
): Promise<void> {
  for (const step of [7, 8, 9]) {
    await pane.answer(`Step ${step} of 9: what next?`, 'Enter');
  }
  await pane.answer(`Use ${baseUrl} as the base URL?`, 'Enter');
}

/** Waits for the `EXIT=<n>` line after the `count`-th run; returns all. */
export async function waitForExit(pane: Pane, count = 1): Promise<string> {
  const exits = new RegExp(`(^EXIT=\\d+$[\\s\\S]*){${count}}`, 'm');
  return pane.waitFor(exits, { timeoutMs: 30_000 });
}

const SECRET_LABELS = [
  'Application Key',
  'Access Key',
  'Secret Key',
  'Client Secret',
  'XDR API token',
  "Service account's password",
];
const SECRET_ANSWER = new RegExp(
  `^✔ (${SECRET_LABELS.join('|')})(.*)$`,
  'gm',
);
/** What follows the label of a secret whose known value was kept. */
const KEPT_VALUE = /^ \(leave empty to keep ••••\S{4}\)/;

/**
 * Fails when the pane ever showed a known secret, whole or by its first
 * 12 characters, or when a secret's answered prompt shows anything but
 * `*` (or the masked value it kept). Returns the masked answers seen.
 */
export function expectNoSecretShown(box: Sandbox, shown: string): string[] {
  const run = { code: 0, stdout: shown, stderr: '', args: ['(tmux pane)'] };
  findLeaks(box.secrets(), [run], []);

  const answers = [...shown.matchAll(SECRET_ANSWER)].map((match) =>
    (match[2] ?? '').replace(KEPT_VALUE, '').trim(),
  );
  for (const answer of answers) expect(answer).toMatch(/^\**$/);
  return answers;
}

/** Asserts one push to XDR: the demo tenant's five API 1.0 values. */
export function expectDemoValuesPushed(box: Sandbox): void {
  expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
    expect.objectContaining({
      applicationId: DEMO_TENANT.appId,
      applicationKey: DEMO_TENANT.appKey,
      accessKey: DEMO_TENANT.accessKey,
      secretKey: DEMO_TENANT.secretKey,
      baseUrl: box.sim.url,
    }),
  ]);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
