import type { CommandContext } from '../context.js';
import type { RawValues } from '../credentials.js';
import { isCliError } from '../errors.js';
import {
  createConfigStore,
  createFileSecretStore,
  createKeychainStore,
  resolveConfigDir,
} from '../storage/index.js';
import type {
  ConfigStore,
  ProfileSecrets,
  ProfileSettings,
  SecretStore,
} from '../storage/types.js';

/** The two places a profile lives: config.json and the secret store. */
export interface Stores {
  configDir: string;
  config: ConfigStore;
  secrets: SecretStore;
}

/**
 * Opens the profile's storage. Nothing is read yet: the keychain is only
 * touched when a secret is actually needed.
 */
export function openStores(
  ctx: CommandContext,
  options: { demo?: boolean } = {},
): Stores {
  const configDir = resolveConfigDir({
    flag: ctx.globals.configDir,
    env: ctx.io.env,
  });
  const file = () =>
    createFileSecretStore(configDir, {
      onUse: once(() =>
        ctx.output.warn(
          `secrets go to credentials.json in ${configDir}, not the OS ` +
            'keychain: anyone who can read that file has the keys.',
        ),
      ),
    });

  let secrets: SecretStore;
  if (ctx.globals.insecureStorage) secrets = file();
  else if (options.demo === true) {
    secrets = withFileFallback(createKeychainStore(), file);
  } else secrets = createKeychainStore();
  return { configDir, config: createConfigStore(configDir), secrets };
}

/**
 * For `--demo` only: the demo tenant's values are public fixtures, so a
 * machine without a keychain still gets to see the whole walk. The file
 * store's own warning says where they went.
 */
function withFileFallback(
  keychain: SecretStore,
  openFile: () => SecretStore,
): SecretStore {
  let active = keychain;
  const attempt = async <T>(use: (store: SecretStore) => Promise<T>) => {
    try {
      return await use(active);
    } catch (error) {
      const unusable =
        isCliError(error) && error.code === 'keychain_unavailable';
      if (active !== keychain || !unusable) throw error;
      active = openFile();
      return use(active);
    }
  };
  return {
    get kind() {
      return active.kind;
    },
    get: (profile) => attempt((store) => store.get(profile)),
    set: (profile, secrets) => attempt((store) => store.set(profile, secrets)),
    delete: (profile) => attempt((store) => store.delete(profile)),
  };
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

/** A profile's stored values, the secrets read only when `withSecrets`. */
export async function loadStoredValues(
  ctx: CommandContext,
  stores: Stores,
  withSecrets: boolean,
): Promise<{ values: RawValues; settings: ProfileSettings | undefined }> {
  const profile = ctx.globals.profile;
  const settings = await stores.config.getProfile(profile);
  const values: RawValues = {
    appId: settings?.appId,
    clientId: settings?.clientId,
    baseUrl: settings?.baseUrl,
    xdrEndpoint: settings?.xdrEndpoint,
  };
  // Without a stored profile there is nothing to read: the keychain may
  // not even exist where a CI run gives every value in the environment.
  if (!withSecrets || settings === undefined) return { values, settings };

  const secrets: ProfileSecrets = (await stores.secrets.get(profile)) ?? {};
  for (const name of Object.keys(secrets) as Array<keyof ProfileSecrets>) {
    ctx.registerSecret(secrets[name]);
  }
  return {
    values: {
      ...values,
      appKey: secrets.appKey,
      accessKey: secrets.accessKey,
      secretKey: secrets.secretKey,
      clientSecret: secrets.clientSecret,
      xdrToken: secrets.xdrToken,
    },
    settings,
  };
}
