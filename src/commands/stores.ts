import type { CommandContext } from '../context.js';
import type { RawValues } from '../credentials.js';
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
export function openStores(ctx: CommandContext): Stores {
  const configDir = resolveConfigDir({
    flag: ctx.globals.configDir,
    env: ctx.io.env,
  });
  let warned = false;
  const secrets = ctx.globals.insecureStorage
    ? createFileSecretStore(configDir, {
        onUse: () => {
          if (warned) return;
          warned = true;
          ctx.output.warn(
            `--insecure-storage keeps secrets in ${configDir}/credentials.json ` +
              'rather than the OS keychain; anyone who can read that file ' +
              'has the keys.',
          );
        },
      })
    : createKeychainStore();
  return { configDir, config: createConfigStore(configDir), secrets };
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
    baseUrl: settings?.baseUrl,
    xdrEndpoint: settings?.xdrEndpoint,
  };
  if (!withSecrets) return { values, settings };

  const secrets: ProfileSecrets = (await stores.secrets.get(profile)) ?? {};
  for (const secret of Object.values(secrets)) ctx.registerSecret(secret);
  return {
    values: {
      ...values,
      appKey: secrets.appKey,
      accessKey: secrets.accessKey,
      secretKey: secrets.secretKey,
      xdrToken: secrets.xdrToken,
    },
    settings,
  };
}
