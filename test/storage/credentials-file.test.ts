import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from
  'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/errors.js';
import { createFileSecretStore } from '../../src/storage/credentials-file.js';
import type { ProfileSecrets } from '../../src/storage/types.js';

const secrets: ProfileSecrets = {
  appKey: 'app-key-value',
  accessKey: 'access-key-value',
  secretKey: 'c2VjcmV0LWtleS12YWx1ZQ==',
  xdrToken: 'xdr-token-value',
};

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mimecast-xdr-credentials-'));
  dir = join(root, 'conf');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createFileSecretStore', () => {
  it('round-trips a profile through credentials.json', async () => {
    const store = createFileSecretStore(dir);

    await store.set('default', secrets);

    expect(store.kind).toBe('file');
    expect(await store.get('default')).toEqual(secrets);
    expect(await createFileSecretStore(dir).get('default')).toEqual(secrets);
    expect(await store.get('other')).toBeUndefined();
  });

  it('writes the file 0600 in a 0700 folder, atomically', async () => {
    const store = createFileSecretStore(dir);

    await store.set('default', secrets);
    await store.set('prod', { appKey: 'other' });

    const path = join(dir, 'credentials.json');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['credentials.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      profiles: { default: secrets, prod: { appKey: 'other' } },
    });
  });

  it('replaces a profile on set and removes it on delete', async () => {
    const store = createFileSecretStore(dir);
    await store.set('default', secrets);

    await store.set('default', { xdrToken: 'new-token' });
    expect(await store.get('default')).toEqual({ xdrToken: 'new-token' });

    expect(await store.delete('default')).toBe(true);
    expect(await store.delete('default')).toBe(false);
    expect(await store.get('default')).toBeUndefined();
  });

  it('calls onUse on every get, set and delete', async () => {
    const onUse = vi.fn();
    const store = createFileSecretStore(dir, { onUse });

    await store.get('default');
    await store.set('default', secrets);
    await store.get('default');
    await store.delete('default');

    expect(onUse).toHaveBeenCalledTimes(4);
  });

  it('keeps every profile when sets run at the same time', async () => {
    const store = createFileSecretStore(dir);
    const names = Array.from({ length: 10 }, (_, i) => `p${i}`);

    await Promise.all(names.map((name) => store.set(name, { appKey: name })));

    for (const name of names) {
      expect(await store.get(name)).toEqual({ appKey: name });
    }
  });

  it('refuses an invalid profile name', async () => {
    const store = createFileSecretStore(dir);

    await expect(store.set('no spaces', secrets)).rejects.toMatchObject({
      code: 'invalid_value',
      field: 'profile',
    });
  });
});

describe('a corrupt credentials.json', () => {
  it('is reported by path, not content, and left alone', async () => {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'credentials.json');
    const text = '{"version": 1, "profiles": {"default": {"appKey": "topsecr';
    await writeFile(path, text);
    const store = createFileSecretStore(dir);

    const error = await store.set('default', secrets).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ code: 'config_corrupt' });
    const { message, hint } = error as CliError;
    expect(message).toContain(path);
    expect(`${message} ${hint}`).not.toContain('topsecr');
    expect(await readFile(path, 'utf8')).toBe(text);
    await expect(store.get('default')).rejects.toMatchObject({
      code: 'config_corrupt',
    });
  });

  it('is reported when a secret is not a string', async () => {
    await mkdir(dir, { recursive: true });
    const body = { version: 1, profiles: { default: { appKey: 42 } } };
    await writeFile(join(dir, 'credentials.json'), JSON.stringify(body));

    await expect(
      createFileSecretStore(dir).get('default'),
    ).rejects.toMatchObject({
      code: 'config_corrupt',
      message: expect.stringContaining('profiles.default.appKey'),
    });
  });
});
