export { resolveConfigDir } from './paths.js';
export type { ResolveConfigDirOptions } from './paths.js';
export {
  CONFIG_FILE_NAME,
  createConfigStore,
  parseProfileName,
} from './config.js';
export {
  KEYCHAIN_SERVICE,
  KEYCHAIN_UNAVAILABLE_HINT,
  createKeychainStore,
} from './keychain.js';
export type {
  KeychainStoreOptions,
  KeyringEntry,
  OpenKeyringEntry,
} from './keychain.js';
export {
  CREDENTIALS_FILE_NAME,
  createFileSecretStore,
} from './credentials-file.js';
export type { FileSecretStoreOptions } from './credentials-file.js';
export type * from './types.js';
