import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from '../errors.js';
import {
  ensurePrivateDir,
  queueFileUpdate,
  writeFileAtomic,
} from './atomic-write.js';
import { parseProfileName, profileNameSchema, readJsonFile } from './config.js';
import type { ProfileSecrets, SecretStore } from './types.js';

/** The opt-in secrets file inside the config folder. */
export const CREDENTIALS_FILE_NAME = 'credentials.json';

/** How the file store tells its caller it is in use. */
export interface FileSecretStoreOptions {
  /** Called on every get, set and delete, so the caller can warn. */
  onUse?: () => void;
}

interface CredentialsFile {
  version: 1;
  profiles: Record<string, ProfileSecrets>;
}

const secretsSchema = z.object({
  appKey: z.string().optional(),
  accessKey: z.string().optional(),
  secretKey: z.string().optional(),
  clientSecret: z.string().optional(),
  xdrToken: z.string().optional(),
  serviceAccountPassword: z.string().optional(),
});

const credentialsFileSchema = z.object({
  version: z.literal(1),
  profiles: z.record(profileNameSchema, secretsSchema),
});

/**
 * Keeps secrets in `<dir>/credentials.json`, readable by the owner only, for
 * machines without a usable keychain (`--insecure-storage`). Anyone who can
 * read the file as this user can read the secrets, hence the warning each
 * time it is used.
 */
export function createFileSecretStore(
  dir: string,
  options: FileSecretStoreOptions = {},
): SecretStore {
  const path = join(dir, CREDENTIALS_FILE_NAME);
  const warn = options.onUse ?? (() => undefined);

  const load = async (): Promise<CredentialsFile> => {
    const file = await readJsonFile(path, credentialsFileSchema, {
      label: 'The insecure-storage credentials file',
    });
    return file ?? { version: 1, profiles: {} };
  };

  const save = async (file: CredentialsFile): Promise<void> => {
    await ensurePrivateDir(dir);
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  };

  const read = async (
    profile: string,
  ): Promise<ProfileSecrets | undefined> => {
    const file = await load();
    return Object.hasOwn(file.profiles, profile)
      ? file.profiles[profile]
      : undefined;
  };

  return {
    kind: 'file',
    get: async (profile) => {
      parseProfileName(profile);
      warn();
      return read(profile);
    },
    set: async (profile, secrets) => {
      parseProfileName(profile);
      warn();
      const stored = secretsSchema.parse(secrets);
      await queueFileUpdate(path, async () => {
        const file = await load();
        file.profiles[profile] = stored;
        await save(file);
        checkReadBack(await read(profile), stored, path);
      });
    },
    delete: async (profile) => {
      parseProfileName(profile);
      warn();
      return queueFileUpdate(path, async () => {
        const file = await load();
        if (!Object.hasOwn(file.profiles, profile)) return false;

        delete file.profiles[profile];
        await save(file);
        return true;
      });
    },
  };
}

// Mirrors the keychain's read-back, so that both stores keep one promise:
// after set() resolves, get() returns what was stored.
function checkReadBack(
  found: ProfileSecrets | undefined,
  stored: ProfileSecrets,
  path: string,
): void {
  if (JSON.stringify(found) === JSON.stringify(stored)) return;

  throw new CliError({
    code: 'keychain_unavailable',
    message: `The secrets just written to ${path} could not be read back.`,
    hint: 'Check that the config folder is on a writable, local disk, or supply the secrets through the environment instead.',
  });
}
