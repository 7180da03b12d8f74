import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { createConfigStore } from '../../src/storage/config.js';
import { createKeychainStore } from '../../src/storage/keychain.js';
import type { ProfileSecrets } from '../../src/storage/types.js';
import { createMemoryIo } from '../helpers/memory-io.js';

// These tests write to whatever Secret Service the session bus offers, so
// they run only inside the throwaway one scripts/run-keychain-tests.mjs
// starts, never against a developer's own keyring.
const inPrivateKeyring = process.env.MIMECAST_XDR_PRIVATE_KEYRING === '1';
const keyringPassword = process.env.MIMECAST_XDR_TEST_KEYRING_PASSWORD ?? '';
const LOGIN_COLLECTION = '/org/freedesktop/secrets/collection/login';

const run = promisify(execFile);

const secrets: ProfileSecrets = {
  appKey: 'real-keychain-app-key',
  accessKey: 'real-keychain-access-key-0123456789',
  secretKey: 'cmVhbC1rZXljaGFpbi1zZWNyZXQta2V5',
  xdrToken: 'real-keychain-xdr-token',
};

async function hasProgram(name: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${name}`]).then(
    () => true,
    () => false,
  );
}

async function lookUpWithSecretTool(account: string): Promise<string> {
  const { stdout } = await run('secret-tool', [
    'lookup',
    'service',
    'mimecast-xdr',
    'username',
    account,
  ]);
  return stdout;
}

async function lockLoginCollection(): Promise<void> {
  await run('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock',
    `array:objpath:${LOGIN_COLLECTION}`,
  ]);
}

// A running daemon ignores a second --unlock; a replacement started with
// the password on stdin comes up with the login collection unlocked.
async function unlockLoginCollection(): Promise<void> {
  const args = ['--replace', '--unlock', '--components=secrets', '--daemonize'];
  const child = spawn('gnome-keyring-daemon', args, {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.end(keyringPassword);
  await new Promise((resolve) => child.on('exit', resolve));
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gave up waiting');
}

async function caught(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

const hasSecretTool = await hasProgram('secret-tool');
const hasDbusSend = await hasProgram('dbus-send');

it('runs inside the private keyring of scripts/run-keychain-tests.mjs', () => {
  expect(
    inPrivateKeyring,
    'run this suite with: node scripts/run-keychain-tests.mjs',
  ).toBe(true);
});

describe.skipIf(!inPrivateKeyring)('the OS keychain store', () => {
  const store = createKeychainStore();

  it('stores, reads back, uses and deletes a profile', async () => {
    await store.set('default', secrets);

    expect(await store.get('default')).toEqual(secrets);
    expect(await createKeychainStore().get('default')).toEqual(secrets);

    expect(await store.delete('default')).toBe(true);
    expect(await store.get('default')).toBeUndefined();
    expect(await store.delete('default')).toBe(false);
  });

  it('replaces a profile and keeps profiles apart', async () => {
    await store.set('default', secrets);
    await store.set('prod', { appKey: 'prod-app-key' });
    await store.set('default', { xdrToken: 'replacement-token' });

    expect(await store.get('default')).toEqual({
      xdrToken: 'replacement-token',
    });
    expect(await store.get('prod')).toEqual({ appKey: 'prod-app-key' });

    await store.delete('default');
    await store.delete('prod');
  });

  // keyring-rs names the account attribute `username`.
  it.runIf(hasSecretTool)(
    'keeps the entry in the Secret Service under mimecast-xdr / profile',
    async () => {
      await store.set('ci', secrets);

      expect(JSON.parse(await lookUpWithSecretTool('ci'))).toEqual(secrets);

      await store.delete('ci');
    },
  );

  it.runIf(hasDbusSend)(
    'reports a locked keyring as keychain_unavailable',
    async () => {
      await store.set('locked', secrets);
      await lockLoginCollection();

      try {
        const read = await caught(store.get('locked'));
        const write = await caught(store.set('locked', secrets));

        for (const error of [read, write]) {
          expect(error.code).toBe('keychain_unavailable');
          expect(error.hint).toContain('--insecure-storage');
          expect(`${error.message} ${error.hint}`).not.toContain(
            secrets.appKey,
          );
        }
      } finally {
        await unlockLoginCollection();
      }

      await waitUntil(() =>
        store.get('locked').then(
          (found) => found !== undefined,
          () => false,
        ),
      );
      expect(await store.get('locked')).toEqual(secrets);
      await store.delete('locked');
    },
  );

  it('removes a profile from config.json and the keychain both', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'mimecast-xdr-remove-'));
    try {
      await createConfigStore(configDir).updateProfile('leaving', {
        baseUrl: 'https://eu-api.mimecast.com',
      });
      await store.set('leaving', secrets);
      await store.set('staying', secrets);
      const io = createMemoryIo();

      const argv = ['--json', '--config-dir', configDir, 'profiles', 'remove',
        'leaving', '--yes'];
      const code = await main(argv, io);

      expect(code, io.stderrText()).toBe(0);
      expect(JSON.parse(io.stdoutText())).toEqual({
        ok: true,
        profile: 'leaving',
        removed: { config: true, secrets: true },
      });
      expect(await store.get('leaving')).toBeUndefined();
      expect(await store.get('staying')).toEqual(secrets);
      expect(await createConfigStore(configDir).getProfile('leaving'))
        .toBeUndefined();
      expect(io.stderrText()).toContain('its secrets from the OS keychain');
    } finally {
      await store.delete('staying');
      await rm(configDir, { recursive: true, force: true });
    }
  });
});
