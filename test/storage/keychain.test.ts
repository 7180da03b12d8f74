import { describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/errors.js';
import { createKeychainStore } from '../../src/storage/keychain.js';
import type {
  KeyringEntry,
  OpenKeyringEntry,
} from '../../src/storage/keychain.js';
import type { ProfileSecrets } from '../../src/storage/types.js';

const secrets: ProfileSecrets = {
  appKey: 'app-key-value',
  accessKey: 'access-key-value',
  secretKey: 'c2VjcmV0LWtleS12YWx1ZQ==',
  xdrToken: 'xdr-token-value',
};

/** An in-memory keychain, keyed by service and account. */
function createFakeKeychain() {
  const entries = new Map<string, string>();
  const opened: string[] = [];

  const openEntry: OpenKeyringEntry = (service, account) => {
    const key = `${service}/${account}`;
    opened.push(key);
    const entry: KeyringEntry = {
      getPassword: () => Promise.resolve(entries.get(key) ?? null),
      setPassword: (password) => {
        entries.set(key, password);
        return Promise.resolve();
      },
      deleteCredential: () => Promise.resolve(entries.delete(key)),
    };
    return Promise.resolve(entry);
  };
  return { entries, opened, openEntry };
}

async function caught(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

function expectKeychainUnavailable(error: CliError): void {
  expect(error.code).toBe('keychain_unavailable');
  expect(error.exitCode).toBe(6);
  expect(error.message).toMatch(/^The OS keychain could not be used/);
  expect(error.hint).toContain('--insecure-storage');
  for (const name of [
    'MIMECAST_APP_KEY',
    'MIMECAST_ACCESS_KEY',
    'MIMECAST_SECRET_KEY',
    'MIMECAST_XDR_TOKEN',
  ]) {
    expect(error.hint).toContain(name);
  }
}

function failingEntry(overrides: Partial<KeyringEntry>): OpenKeyringEntry {
  const fake = createFakeKeychain();
  return async (service, account) => ({
    ...(await fake.openEntry(service, account)),
    ...overrides,
  });
}

describe('createKeychainStore', () => {
  it('keeps one entry per profile under the mimecast-xdr service', async () => {
    const fake = createFakeKeychain();
    const store = createKeychainStore({ openEntry: fake.openEntry });

    await store.set('default', secrets);
    await store.set('prod', { appKey: 'other' });

    expect(store.kind).toBe('keychain');
    expect([...fake.entries.keys()]).toEqual([
      'mimecast-xdr/default',
      'mimecast-xdr/prod',
    ]);
    expect(JSON.parse(fake.entries.get('mimecast-xdr/default') ?? '')).toEqual(
      secrets,
    );
    expect(await store.get('default')).toEqual(secrets);
    expect(await store.get('prod')).toEqual({ appKey: 'other' });
  });

  it('returns undefined for a profile without an entry', async () => {
    const store = createKeychainStore(createFakeKeychain());

    expect(await store.get('default')).toBeUndefined();
  });

  it('deletes an entry, and says when there was none', async () => {
    const fake = createFakeKeychain();
    const store = createKeychainStore({ openEntry: fake.openEntry });
    await store.set('default', secrets);

    expect(await store.delete('default')).toBe(true);
    expect(await store.delete('default')).toBe(false);
    expect(await store.get('default')).toBeUndefined();
  });

  it('uses another service name when asked', async () => {
    const fake = createFakeKeychain();
    const store = createKeychainStore({
      service: 'mimecast-xdr-test',
      openEntry: fake.openEntry,
    });

    await store.get('default');

    expect(fake.opened).toEqual(['mimecast-xdr-test/default']);
  });

  it('stores only the known secret fields', async () => {
    const fake = createFakeKeychain();
    const store = createKeychainStore({ openEntry: fake.openEntry });
    const extra = { ...secrets, appKey: undefined, appId: 'not-a-secret' };

    await store.set('default', extra);

    expect(JSON.parse(fake.entries.get('mimecast-xdr/default') ?? '')).toEqual({
      accessKey: secrets.accessKey,
      secretKey: secrets.secretKey,
      xdrToken: secrets.xdrToken,
    });
  });

  it('refuses a bad profile name before touching the keychain', async () => {
    const fake = createFakeKeychain();
    const store = createKeychainStore({ openEntry: fake.openEntry });

    await expect(store.delete('a/b')).rejects.toMatchObject({
      code: 'invalid_value',
      field: 'profile',
    });
    expect(fake.opened).toEqual([]);
  });
});

describe('the read-back after a write', () => {
  it('fails when a locked keyring silently returns nothing', async () => {
    const store = createKeychainStore({
      openEntry: failingEntry({ getPassword: () => Promise.resolve(null) }),
    });

    expectKeychainUnavailable(await caught(store.set('default', secrets)));
  });

  it('fails when the keychain returns something else', async () => {
    const store = createKeychainStore({
      openEntry: failingEntry({ getPassword: () => Promise.resolve('{}') }),
    });

    const error = await caught(store.set('default', secrets));

    expectKeychainUnavailable(error);
    expect(error.message).toContain('read back');
  });
});

describe('keychain errors', () => {
  it.each([
    'Platform failure: DBus error: Failed to connect to socket /run/bus',
    "Couldn't access platform storage: Secret Service: no result found",
    "Couldn't access platform storage: unlock prompt was dismissed",
  ])('map "%s" to keychain_unavailable with its text', async (text) => {
    const boom = (): Promise<never> => Promise.reject(new Error(text));
    const store = createKeychainStore({
      openEntry: failingEntry({ getPassword: boom, setPassword: boom }),
    });

    for (const call of [store.get('default'), store.set('default', secrets)]) {
      const error = await caught(call);
      expectKeychainUnavailable(error);
      expect(error.message).toContain(text);
    }
  });

  it('maps a failure to load the keychain library', async () => {
    const store = createKeychainStore({
      openEntry: () =>
        Promise.reject(new Error('Cannot find native binding.')),
    });

    expectKeychainUnavailable(await caught(store.delete('default')));
  });

  it('drops library text that contains a value being stored', async () => {
    const store = createKeychainStore({
      openEntry: failingEntry({
        setPassword: (password) =>
          Promise.reject(new Error(`Attribute too long: ${password}`)),
      }),
    });

    const error = await caught(store.set('default', secrets));

    expectKeychainUnavailable(error);
    for (const value of Object.values(secrets)) {
      expect(`${error.message} ${error.hint}`).not.toContain(value);
    }
  });

  it('gives up on a keychain that does not answer, and aborts', async () => {
    vi.useFakeTimers();
    try {
      let signal: AbortSignal | undefined;
      const store = createKeychainStore({
        openEntry: failingEntry({
          getPassword: (given) => {
            signal = given;
            return new Promise(() => undefined);
          },
        }),
      });

      const pending = caught(store.get('default'));
      await vi.advanceTimersByTimeAsync(10_000);
      const error = await pending;

      expectKeychainUnavailable(error);
      expect(error.message).toContain('did not answer within 10 s');
      expect(signal?.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('honours a shorter timeout', async () => {
    const store = createKeychainStore({
      timeoutMs: 20,
      openEntry: failingEntry({
        deleteCredential: () => new Promise(() => undefined),
      }),
    });

    expectKeychainUnavailable(await caught(store.delete('default')));
  });
});

describe('a stored entry that is not ours', () => {
  it.each([
    ['not JSON', 'hunter2-not-json', 'not valid JSON'],
    ['not an object', '"a string"', 'not an object'],
    ['a non-string secret', '{"appKey": 5}', 'appKey'],
  ])(
    'is config_corrupt when %s, naming the entry only',
    async (_, text, problem) => {
      const fake = createFakeKeychain();
      fake.entries.set('mimecast-xdr/default', text);
      const store = createKeychainStore({ openEntry: fake.openEntry });

      const error = await caught(store.get('default'));

      expect(error.code).toBe('config_corrupt');
      expect(error.message).toContain('service "mimecast-xdr"');
      expect(error.message).toContain('account "default"');
      expect(error.message).toContain(problem);
      expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
    },
  );
});

describe('loading the native keychain library', () => {
  it('happens only when a store call needs it', async () => {
    vi.resetModules();
    const loaded = vi.fn();
    vi.doMock('@napi-rs/keyring', () => {
      loaded();
      return {
        AsyncEntry: class {
          getPassword = () => Promise.resolve(null);
        },
      };
    });

    try {
      const module = await import('../../src/storage/keychain.js');
      const store = module.createKeychainStore();
      expect(loaded).not.toHaveBeenCalled();

      expect(await store.get('default')).toBeUndefined();
      expect(loaded).toHaveBeenCalledTimes(1);
    } finally {
      vi.doUnmock('@napi-rs/keyring');
      vi.resetModules();
    }
  });

  it('pins the entry to the Secret Service store', async () => {
    vi.resetModules();
    const created: unknown[][] = [];
    vi.doMock('@napi-rs/keyring', () => ({
      AsyncEntry: class {
        constructor(...args: unknown[]) {
          created.push(args);
        }
        getPassword = () => Promise.resolve(null);
      },
    }));

    try {
      const module = await import('../../src/storage/keychain.js');
      await module.createKeychainStore().get('prod');

      expect(created).toEqual([
        ['mimecast-xdr', 'prod', { linux: { store: 'secret-service' } }],
      ]);
    } finally {
      vi.doUnmock('@napi-rs/keyring');
      vi.resetModules();
    }
  });
});
