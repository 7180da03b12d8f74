import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import {
  createConfigStore,
  parseProfileName,
} from '../../src/storage/config.js';
import type { ProfileSettings } from '../../src/storage/types.js';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mimecast-xdr-config-'));
  dir = join(root, 'mimecast-xdr');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeConfig(text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'config.json');
  await writeFile(path, text);
  return path;
}

async function caught(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('createConfigStore', () => {
  it('treats a missing file as an empty config and creates nothing', async () => {
    const store = createConfigStore(dir);

    expect(await store.load()).toEqual({ version: 1, profiles: {} });
    expect(await store.getProfile('default')).toBeUndefined();
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names the file by its absolute path', () => {
    expect(createConfigStore(dir).path).toBe(join(dir, 'config.json'));
  });

  it('creates the folder 0700 and the file 0600 on the first write', async () => {
    const store = createConfigStore(dir);

    await store.updateProfile('default', { appId: 'app-1' });

    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual({
      version: 1,
      profiles: { default: { appId: 'app-1' } },
    });
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('merges changes into a profile and keeps the other profiles', async () => {
    const store = createConfigStore(dir);
    await store.updateProfile('default', {
      appId: 'app-1',
      baseUrl: 'https://eu-api.mimecast.com',
    });
    await store.updateProfile('prod', { appId: 'app-2' });

    const merged = await store.updateProfile('default', {
      keysVerified: true,
      baseUrl: undefined,
    });

    expect(merged).toEqual({ appId: 'app-1', keysVerified: true });
    expect(await store.getProfile('default')).toEqual(merged);
    expect(await store.getProfile('prod')).toEqual({ appId: 'app-2' });
  });

  it('keeps settings it does not know about', async () => {
    await writeConfig(
      JSON.stringify({
        version: 1,
        profiles: { default: { appId: 'a', later: { x: 1 } } },
        extra: true,
      }),
    );
    const store = createConfigStore(dir);

    await store.updateProfile('default', { xdrEndpoint: 'https://x.test' });

    expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual({
      version: 1,
      profiles: {
        default: { appId: 'a', later: { x: 1 }, xdrEndpoint: 'https://x.test' },
      },
      extra: true,
    });
  });

  it('stores the last test result and setup progress', async () => {
    const store = createConfigStore(dir);
    const settings: ProfileSettings = {
      lastTest: { ok: false, at: '2025-01-01T00:00:00Z', code: 'clock_skew' },
      setup: {
        completedSteps: [1, 2],
        skippedSteps: [3],
        serviceAccountEmail: 'svc@example.com',
        updatedAt: '2025-01-01T00:00:00Z',
      },
    };

    await store.updateProfile('default', settings);

    expect(await createConfigStore(dir).getProfile('default')).toEqual(
      settings,
    );
  });

  it('removes a profile, and says when there was none', async () => {
    const store = createConfigStore(dir);
    await store.updateProfile('default', { appId: 'a' });
    await store.updateProfile('other', { appId: 'b' });

    expect(await store.removeProfile('default')).toBe(true);
    expect(await store.removeProfile('default')).toBe(false);
    expect(Object.keys((await store.load()).profiles)).toEqual(['other']);
  });

  it('does not mistake built-in object members for profiles', async () => {
    const store = createConfigStore(dir);

    expect(await store.getProfile('constructor')).toBeUndefined();
    expect(await store.removeProfile('toString')).toBe(false);
  });

  it('keeps every change when updates run at the same time', async () => {
    const store = createConfigStore(dir);
    const other = createConfigStore(dir);
    const names = Array.from({ length: 12 }, (_, i) => `p${i}`);

    await Promise.all([
      ...names.map((name, i) =>
        (i % 2 === 0 ? store : other).updateProfile(name, { appId: name }),
      ),
      store.updateProfile('shared', { appId: 'a' }),
      other.updateProfile('shared', { keysVerified: true }),
      store.updateProfile('shared', { xdrEndpoint: 'https://x.test' }),
    ]);

    const config = await store.load();
    expect(Object.keys(config.profiles).sort()).toEqual(
      [...names, 'shared'].sort(),
    );
    expect(config.profiles.shared).toEqual({
      appId: 'a',
      keysVerified: true,
      xdrEndpoint: 'https://x.test',
    });
    expect(await readdir(dir)).toEqual(['config.json']);
  });
});

describe('a corrupt config.json', () => {
  const cases = [
    ['not JSON', '{"version": 1, "profiles": {', 'not valid JSON'],
    ['a wrong shape', '{"version": 1, "profiles": []}', 'profiles'],
    ['a wrong version', '{"version": 2, "profiles": {}}', 'version'],
    [
      'a wrong field type',
      '{"version": 1, "profiles": {"default": {"appId": 7}}}',
      'profiles.default.appId',
    ],
    [
      'a bad profile name',
      '{"version": 1, "profiles": {"no spaces": {}}}',
      'not a valid profile name',
    ],
    [
      'a __proto__ key',
      '{"version": 1, "profiles": {"__proto__": {"appId": "x"}}}',
      '__proto__',
    ],
  ] as const;

  it.each(cases)('with %s is reported with its path', async (...row) => {
    const [, text, problem] = row;
    const path = await writeConfig(text);

    const error = await caught(createConfigStore(dir).load());

    expect(error.code).toBe('config_corrupt');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(path);
    expect(error.message).toContain(problem);
    expect(error.hint).toMatch(/move it aside/);
    expect(error.hint).toMatch(/never overwrites/);
  });

  it('is left byte for byte as it was after a refused update', async () => {
    const text = '{"version": 1, "profiles": {"default": {"appId": 7}}}\n';
    const path = await writeConfig(text);
    const store = createConfigStore(dir);

    const update = await caught(store.updateProfile('default', { appId: 'x' }));
    const removal = await caught(store.removeProfile('default'));

    expect(update.code).toBe('config_corrupt');
    expect(removal.code).toBe('config_corrupt');
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('does not quote the content in its message', async () => {
    await writeConfig('{"version": 1, "profiles": SECRET-LOOKING-TEXT}');

    const error = await caught(createConfigStore(dir).load());

    expect(`${error.message} ${error.hint}`).not.toContain('SECRET');
  });
});

describe('profile names', () => {
  it.each(['default', 'prod-eu.1_x', 'a'.repeat(64), 'A.B'])(
    'accepts %s',
    (name) => {
      expect(parseProfileName(name)).toBe(name);
    },
  );

  it.each(['', 'a'.repeat(65), 'two words', 'a/b', 'é', '__proto__'])(
    'refuses %j as invalid_value on the profile field',
    async (name) => {
      const error = await caught(
        createConfigStore(dir).updateProfile(name, { appId: 'a' }),
      );

      expect(error.code).toBe('invalid_value');
      expect(error.field).toBe('profile');
      await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});

describe('the secret guard', () => {
  it.each([
    { appKey: 'k' },
    { accessKey: 'k' },
    { secretKey: 'k' },
    { xdrToken: 'k' },
    { password: 'k' },
    { setup: { serviceAccountPassword: 'k' } },
  ])('refuses to write %j to config.json', async (changes) => {
    const store = createConfigStore(dir);

    const error = await caught(
      store.updateProfile('default', changes as Partial<ProfileSettings>),
    );

    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain(': k');
    await expect(stat(store.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lets the non-secret key timestamps through', async () => {
    const store = createConfigStore(dir);

    await store.updateProfile('default', {
      keysStoredAt: '2025-01-01T00:00:00Z',
      keysVerified: false,
    });

    expect((await store.getProfile('default'))?.keysVerified).toBe(false);
  });
});
