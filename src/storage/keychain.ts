import { z } from 'zod';
import { SECRET_VALUE_NAMES, VALUE_ENV_VARS } from '../credentials.js';
import { CliError, isCliError } from '../errors.js';
import { parseProfileName } from './config.js';
import type { ProfileSecrets, SecretStore } from './types.js';

/** The keychain service every profile's entry is stored under. */
export const KEYCHAIN_SERVICE = 'mimecast-xdr';

/** How long one keychain call may take before it counts as unusable. */
export const KEYCHAIN_TIMEOUT_MS = 10_000;

/** One keychain entry: a service and account pair holding a password. */
export interface KeyringEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  /** False when there was nothing to delete. */
  deleteCredential(signal?: AbortSignal): Promise<boolean>;
}

/** Opens the entry for a service and account. */
export type OpenKeyringEntry = (
  service: string,
  account: string,
) => Promise<KeyringEntry>;

/** How `createKeychainStore` reaches the keychain. */
export interface KeychainStoreOptions {
  /** The entries' service name; `mimecast-xdr` unless a test moves it. */
  service?: string;
  /** Per call; a Secret Service unlock prompt can wait forever. */
  timeoutMs?: number;
  /** The keychain backend; the OS keychain unless a test replaces it. */
  openEntry?: OpenKeyringEntry;
}

const SECRET_FIELDS = [
  'appKey',
  'accessKey',
  'secretKey',
  'clientSecret',
  'xdrToken',
  'serviceAccountPassword',
] as const satisfies readonly (keyof ProfileSecrets)[];

const storedSecretsSchema = z.looseObject(
  Object.fromEntries(
    SECRET_FIELDS.map((field) => [field, z.string().optional()]),
  ),
);

/**
 * Keeps each profile's secrets in the OS keychain as one entry: service
 * `mimecast-xdr`, account = the profile name, password = the secrets as
 * JSON. On Linux the entry is pinned to the Secret Service, never the kernel
 * keyring, which a reboot empties. Every failure is `keychain_unavailable`.
 */
export function createKeychainStore(
  options: KeychainStoreOptions = {},
): SecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const openEntry = options.openEntry ?? openOsKeychainEntry;
  const timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;

  const withEntry = async <T>(
    profile: string,
    run: (entry: KeyringEntry, signal: AbortSignal) => Promise<T>,
    secrets: readonly string[] = [],
  ): Promise<T> => {
    const account = parseProfileName(profile);
    return callKeychain(
      async (signal) => run(await openEntry(service, account), signal),
      timeoutMs,
      secrets,
    );
  };

  return {
    kind: 'keychain',
    get: async (profile) => {
      const text = await withEntry(profile, (entry, signal) =>
        entry.getPassword(signal),
      );
      return text === null ? undefined : parseSecrets(text, service, profile);
    },
    set: async (profile, secrets) => {
      const picked = pickSecrets(secrets);
      const text = JSON.stringify(picked);
      const stored = await withEntry(
        profile,
        async (entry, signal) => {
          await entry.setPassword(text, signal);
          return entry.getPassword(signal);
        },
        [text, ...SECRET_FIELDS.map((field) => picked[field] ?? '')],
      );
      if (stored !== text) throw unreadableAfterWriteError();
    },
    delete: (profile) =>
      withEntry(profile, (entry, signal) => entry.deleteCredential(signal)),
  };
}

// The native addon is loaded only when a command touches the keychain, so
// that --help and --version start as fast as plain Node.
async function openOsKeychainEntry(
  service: string,
  account: string,
): Promise<KeyringEntry> {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  return new AsyncEntry(service, account, {
    linux: { store: 'secret-service' },
  });
}

async function callKeychain<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  secrets: readonly string[],
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(timedOutError(timeoutMs));
    }, timeoutMs);
  });

  try {
    return await Promise.race([run(controller.signal), timeout]);
  } catch (error) {
    throw isCliError(error) ? error : keychainError(error, secrets);
  } finally {
    clearTimeout(timer);
  }
}

function pickSecrets(secrets: ProfileSecrets): ProfileSecrets {
  const picked: ProfileSecrets = {};
  for (const field of SECRET_FIELDS) {
    const value = secrets[field];
    if (typeof value === 'string') picked[field] = value;
  }
  return picked;
}

function parseSecrets(
  text: string,
  service: string,
  profile: string,
): ProfileSecrets {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corruptEntryError(service, profile, 'it is not valid JSON');
  }

  const result = storedSecretsSchema.safeParse(data);
  if (result.success) return pickSecrets(result.data);

  const field = result.error.issues[0]?.path.map(String).join('.');
  const problem = field ? `${field} is not a string` : 'it is not an object';
  throw corruptEntryError(service, profile, problem);
}

function corruptEntryError(
  service: string,
  account: string,
  problem: string,
): CliError {
  return new CliError({
    code: 'config_corrupt',
    message: `The keychain entry for service "${service}", account "${account}" cannot be used: ${problem}.`,
    hint: `Store the secrets again with setup, which replaces the entry, or delete it with your keychain manager (on Linux: secret-tool clear service ${service} username ${account}).`,
  });
}

const CI_VARIABLES = SECRET_VALUE_NAMES.map((name) => VALUE_ENV_VARS[name]);

/** What to do when the OS keychain cannot be used. */
export const KEYCHAIN_UNAVAILABLE_HINT = `Unlock the OS keychain (on Linux a Secret Service such as gnome-keyring must be running and unlocked), or rerun with --insecure-storage to keep the secrets in credentials.json in the config folder (readable by you only, with a warning on every use). In CI, supply them through ${CI_VARIABLES.join(', ')} instead.`;

function keychainUnavailableError(reason: string, cause?: unknown): CliError {
  return new CliError(
    {
      code: 'keychain_unavailable',
      message: `The OS keychain could not be used: ${reason}.`,
      hint: KEYCHAIN_UNAVAILABLE_HINT,
    },
    { cause },
  );
}

function keychainError(error: unknown, secrets: readonly string[]): CliError {
  const detail = describeKeyringError(error, secrets);
  return keychainUnavailableError(detail ?? 'it reported an error', error);
}

function timedOutError(timeoutMs: number): CliError {
  const seconds = Math.round(timeoutMs / 1000);
  return keychainUnavailableError(
    `it did not answer within ${seconds} s (it may be waiting for an unlock prompt)`,
  );
}

function unreadableAfterWriteError(): CliError {
  return keychainUnavailableError(
    'the secrets just stored could not be read back (the keyring may be locked)',
  );
}

const MAX_DETAIL_LENGTH = 200;

// The library's errors name the store and what failed, not the password,
// but the text is checked against the values being written all the same.
function describeKeyringError(
  error: unknown,
  secrets: readonly string[],
): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (line === '') return undefined;
  if (secrets.some((secret) => secret !== '' && line.includes(secret))) {
    return undefined;
  }
  return line.slice(0, MAX_DETAIL_LENGTH);
}
