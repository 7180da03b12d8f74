import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeAge,
  runProfilesRemove,
} from '../../src/commands/profiles.js';
import { parseGlobals } from '../../src/commands/run-command.js';
import type { Stores } from '../../src/commands/stores.js';
import type { CommandContext } from '../../src/context.js';
import { CliError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import {
  createConfigStore,
  createFileSecretStore,
} from '../../src/storage/index.js';
import type {
  ProfileSecrets,
  ProfileSettings,
  SecretStore,
} from '../../src/storage/types.js';
import { createScriptedPrompter } from '../../src/terminal/prompts.js';
import {
  createOutput,
  loadStyle,
} from '../../src/terminal/terminal-output.js';
import { createMemoryIo, type MemoryIo } from '../helpers/memory-io.js';

const DAY_MS = 86_400_000;
const SECRETS: ProfileSecrets = {
  appKey: 'profiles-test-app-key',
  accessKey: 'profiles-test-access-key',
  secretKey: 'cHJvZmlsZXMtdGVzdC1zZWNyZXQ=',
};

let configDir: string;

beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'mimecast-xdr-profiles-'));
});

afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

async function seed(
  name: string,
  settings: ProfileSettings,
  secrets?: ProfileSecrets,
): Promise<void> {
  await createConfigStore(configDir).updateProfile(name, settings);
  if (secrets) await createFileSecretStore(configDir).set(name, secrets);
}

async function run(args: string[]): Promise<{ code: number; io: MemoryIo }> {
  const io = createMemoryIo();
  const argv = ['--insecure-storage', '--config-dir', configDir, ...args];
  const code = await main(argv, io);
  return { code, io };
}

function parseStdout(io: MemoryIo): unknown {
  return JSON.parse(io.stdoutText());
}

async function storedNames(): Promise<string[]> {
  return Object.keys((await createConfigStore(configDir).load()).profiles);
}

async function storedSecrets(name: string) {
  return createFileSecretStore(configDir).get(name);
}

describe('profiles list', () => {
  it('says how to create a profile when there is none', async () => {
    const human = await run(['profiles', 'list']);
    const json = await run(['--json', 'profiles', 'list']);

    expect(human.code).toBe(0);
    expect(human.io.stderrText()).toContain('No profiles are stored');
    expect(human.io.stderrText()).toContain(
      'mimecast-xdr setup --profile <name>',
    );
    expect(json.code).toBe(0);
    expect(parseStdout(json.io)).toEqual([]);
  });

  it('shows each profile in a table, in name order', async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * DAY_MS).toISOString();
    await seed('zeta', {
      apiVersion: '2.0',
      baseUrl: 'https://api.services.mimecast.com',
      keysStoredAt: threeDaysAgo,
      lastTest: { ok: false, at: threeDaysAgo, code: 'invalid_client' },
    });
    await seed('alpha', { baseUrl: 'https://eu-api.mimecast.com' });

    const { code, io } = await run(['profiles', 'list']);

    expect(code).toBe(0);
    const lines = io.stderrText().trim().split('\n');
    expect(lines[0]).toMatch(/^PROFILE\s+API\s+BASE URL\s+LAST CHECK\s+KEYS$/);
    expect(lines[1]).toMatch(
      /^alpha\s+1\.0\s+https:\/\/eu-api\.mimecast\.com\s+never\s+none stored$/,
    );
    expect(lines[2]).toMatch(/^zeta\s+2\.0\s+https:\/\/api\.services/);
    expect(lines[2]).toContain('failed (invalid_client) 3 days ago');
    expect(lines[2]).toMatch(/3 days old$/);
  });

  it('prints one array of profiles with --json', async () => {
    const at = '2026-01-02T03:04:05.000Z';
    await seed('acme', {
      apiVersion: '1.0',
      appId: 'app',
      baseUrl: 'https://us-api.mimecast.com',
      keysStoredAt: at,
      keysVerified: true,
      lastTest: { ok: true, at },
    });
    await seed('bare', {});

    const { code, io } = await run(['--json', 'profiles', 'list']);

    expect(code).toBe(0);
    expect(parseStdout(io)).toEqual([
      {
        name: 'acme',
        apiVersion: '1.0',
        baseUrl: 'https://us-api.mimecast.com',
        lastTest: { ok: true, at },
        keysStoredAt: at,
        keysVerified: true,
      },
      {
        name: 'bare',
        apiVersion: '1.0',
        baseUrl: null,
        lastTest: null,
        keysStoredAt: null,
        keysVerified: false,
      },
    ]);
  });

  it('never reads the secrets', async () => {
    await seed('acme', { baseUrl: 'https://eu-api.mimecast.com' });
    await writeFile(join(configDir, 'credentials.json'), 'not json');

    const { code, io } = await run(['profiles', 'list']);

    expect(code).toBe(0);
    expect(io.stderrText()).toContain('acme');
    expect(io.stderrText()).not.toContain('credentials.json');
  });

  it('reports a corrupt config.json as config_corrupt', async () => {
    await writeFile(join(configDir, 'config.json'), '{');

    const { code, io } = await run(['--json', 'profiles', 'list']);

    expect(code).toBe(2);
    expect(parseStdout(io)).toMatchObject({
      ok: false,
      error: { code: 'config_corrupt' },
    });
  });
});

describe('describeAge', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('names the largest whole unit', () => {
    expect(describeAge(ago(3 * DAY_MS + 5_000), now)).toBe('3 days');
    expect(describeAge(ago(DAY_MS), now)).toBe('1 day');
    expect(describeAge(ago(2 * 3_600_000), now)).toBe('2 hours');
    expect(describeAge(ago(60_000), now)).toBe('1 minute');
    expect(describeAge(ago(10_000), now)).toBe('under a minute');
    expect(describeAge('not a date', now)).toBe('an unknown time');
  });
});

describe('profiles remove without a terminal', () => {
  it('removes the settings and the secrets with --yes', async () => {
    await seed('acme', { baseUrl: 'https://eu-api.mimecast.com' }, SECRETS);
    await seed('other', {}, SECRETS);

    const { code, io } = await run([
      '--json',
      'profiles',
      'remove',
      'acme',
      '--yes',
    ]);

    expect(code).toBe(0);
    expect(parseStdout(io)).toEqual({
      ok: true,
      profile: 'acme',
      removed: { config: true, secrets: true },
    });
    expect(await storedNames()).toEqual(['other']);
    expect(await storedSecrets('acme')).toBeUndefined();
    expect(await storedSecrets('other')).toEqual(SECRETS);
    expect(io.stderrText()).toContain('Removed profile "acme"');
  });

  it('says so when the profile had no secrets', async () => {
    await seed('acme', {});

    const { code, io } = await run([
      '--json',
      'profiles',
      'remove',
      'acme',
      '--yes',
    ]);

    expect(code).toBe(0);
    expect(parseStdout(io)).toMatchObject({
      removed: { config: true, secrets: false },
    });
    expect(io.stderrText()).toContain('it had no stored secrets');
  });

  it('needs --yes, and removes nothing without it', async () => {
    await seed('acme', {}, SECRETS);

    const { code, io } = await run(['--json', 'profiles', 'remove', 'acme']);

    expect(code).toBe(2);
    const json = parseStdout(io) as { error: { hint: string } };
    expect(json).toMatchObject({
      ok: false,
      profile: 'acme',
      removed: { config: false, secrets: false },
      error: { code: 'missing_value' },
    });
    expect(json.error.hint).toContain('--yes');
    expect(await storedNames()).toEqual(['acme']);
    expect(await storedSecrets('acme')).toEqual(SECRETS);
  });

  it('refuses an unknown profile', async () => {
    await seed('acme', {}, SECRETS);

    const { code, io } = await run([
      '--json',
      'profiles',
      'remove',
      'acme2',
      '--yes',
    ]);

    expect(code).toBe(2);
    expect(parseStdout(io)).toMatchObject({
      ok: false,
      profile: 'acme2',
      error: { code: 'invalid_value', field: 'profile' },
    });
    expect(await storedNames()).toEqual(['acme']);
  });
});

/** A context as run-command builds it, on a pretend terminal. */
async function terminalContext(
  options: { insecureStorage?: boolean } = {},
): Promise<{ ctx: CommandContext; io: MemoryIo }> {
  const io = createMemoryIo({ tty: true });
  const globals = parseGlobals(
    { configDir, insecureStorage: options.insecureStorage ?? true },
    io,
  );
  const output = createOutput(
    {
      stdout: io.stdout,
      stderr: io.stderr,
      json: false,
      verbose: false,
      color: false,
      redact: (text) => text,
    },
    await loadStyle(false),
  );
  const ctx: CommandContext = {
    io,
    globals,
    output,
    registerSecret: () => {},
    failureFields: {},
  };
  return { ctx, io };
}

function storesWith(secrets: SecretStore): Stores {
  return { configDir, config: createConfigStore(configDir), secrets };
}

describe('profiles remove on a terminal', () => {
  it('asks first, defaulting to no, and removes on yes', async () => {
    await seed('acme', {}, SECRETS);
    const { ctx } = await terminalContext();
    const prompter = createScriptedPrompter([
      { kind: 'confirm', message: 'Remove profile "acme"', answer: true },
    ]);

    const code = await runProfilesRemove(ctx, {}, ['acme'], { prompter });

    expect(code).toBe(0);
    expect(prompter.asked[0]?.default).toBe(false);
    expect(await storedNames()).toEqual([]);
    expect(await storedSecrets('acme')).toBeUndefined();
  });

  it('removes nothing when the answer is no', async () => {
    await seed('acme', {}, SECRETS);
    const { ctx } = await terminalContext();
    const prompter = createScriptedPrompter([
      { kind: 'confirm', message: /Remove profile/ },
    ]);

    await expect(
      runProfilesRemove(ctx, {}, ['acme'], { prompter }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(await storedNames()).toEqual(['acme']);
    expect(await storedSecrets('acme')).toEqual(SECRETS);
  });

  it('does not ask with --yes', async () => {
    await seed('acme', {}, SECRETS);
    const { ctx } = await terminalContext();
    const prompter = createScriptedPrompter([]);

    await runProfilesRemove(ctx, { yes: true }, ['acme'], { prompter });

    expect(prompter.asked).toEqual([]);
    expect(await storedNames()).toEqual([]);
  });
});

describe('profiles remove and the keychain', () => {
  function keychainThat(remove: SecretStore['delete']): SecretStore {
    return {
      kind: 'keychain',
      get: () => Promise.resolve(undefined),
      set: () => Promise.resolve(),
      delete: remove,
    };
  }

  it('keeps the settings when the keychain cannot be used', async () => {
    await seed('acme', { baseUrl: 'https://eu-api.mimecast.com' });
    const { ctx } = await terminalContext({ insecureStorage: false });
    const locked = keychainThat(() =>
      Promise.reject(
        new CliError({
          code: 'keychain_unavailable',
          message: 'The OS keychain could not be used: locked.',
          hint: 'unlock it',
        }),
      ),
    );

    await expect(
      runProfilesRemove(ctx, { yes: true }, ['acme'], {
        stores: storesWith(locked),
      }),
    ).rejects.toMatchObject({ code: 'keychain_unavailable' });
    expect(await storedNames()).toEqual(['acme']);
  });

  it('also clears a copy left in credentials.json', async () => {
    await seed('acme', {}, SECRETS);
    const { ctx, io } = await terminalContext({ insecureStorage: false });
    const removed: string[] = [];
    const keychain = keychainThat((profile) => {
      removed.push(profile);
      return Promise.resolve(false);
    });

    await runProfilesRemove(ctx, { yes: true }, ['acme'], {
      stores: storesWith(keychain),
    });

    expect(removed).toEqual(['acme']);
    expect(await storedSecrets('acme')).toBeUndefined();
    const file = await readFile(join(configDir, 'credentials.json'), 'utf8');
    expect(file).not.toContain(SECRETS.appKey);
    expect(io.stderrText()).toContain('its secrets from');
  });
});
