import type { ErrorCode } from '../errors.js';

/** The outcome of the last `test` run on a profile, kept for `status`. */
export interface LastTestResult {
  ok: boolean;
  /** ISO 8601 time the checks finished. */
  at: string;
  /** The error code when the checks failed. */
  code?: ErrorCode;
}

/** Where an interrupted `setup` stands, so that it can resume. */
export interface SetupProgress {
  /** Numbers (1 to 9) of the steps the admin marked done. */
  completedSteps: number[];
  /** Numbers of the steps the admin chose to skip. */
  skippedSteps: number[];
  /** ISO 8601 time the API application was created in the console. */
  applicationCreatedAt?: string;
  /** The service account's email address. */
  serviceAccountEmail?: string;
  /** ISO 8601 time progress was last saved. */
  updatedAt: string;
  /** A move to API 2.0 started on an API 1.0 profile and not yet passed. */
  api2?: PendingApi2Move;
}

/**
 * A move from API 1.0 to 2.0 whose values have not passed the checks. It
 * is kept apart from the 1.0 walk's progress so that the profile keeps
 * working as 1.0 until the 2.0 values pass.
 */
export interface PendingApi2Move {
  completedSteps: number[];
  skippedSteps: number[];
  /** The 2.0 values not verified yet; the secret is in the secret store. */
  clientId?: string | undefined;
  baseUrl?: string | undefined;
  updatedAt: string;
}

/** Non-secret settings of one profile, as kept in config.json. */
export interface ProfileSettings {
  apiVersion?: '1.0' | '2.0';
  /** API 1.0 only. */
  appId?: string;
  /** API 2.0 only. */
  clientId?: string;
  baseUrl?: string;
  xdrEndpoint?: string;
  /** ISO 8601 time the secrets were last written to storage. */
  keysStoredAt?: string;
  /** False while the stored secrets have not passed the checks yet. */
  keysVerified?: boolean;
  lastTest?: LastTestResult;
  setup?: SetupProgress;
}

/** The whole config.json. */
export interface ConfigFile {
  version: 1;
  profiles: Record<string, ProfileSettings>;
}

/** The secret values of one profile, stored together as one entry. */
export interface ProfileSecrets {
  /** API 1.0: the application key and the service account's key pair. */
  appKey?: string;
  accessKey?: string;
  secretKey?: string;
  /** API 2.0: the application's client secret. */
  clientSecret?: string;
  xdrToken?: string;
  /** The service account's password, kept only when the admin opts in. */
  serviceAccountPassword?: string;
}

/** Reads and writes config.json. */
export interface ConfigStore {
  /** The file's absolute path, for messages. */
  readonly path: string;
  /** Reads the file; a missing file is an empty config. */
  load(): Promise<ConfigFile>;
  /** Reads one profile; undefined when it does not exist. */
  getProfile(name: string): Promise<ProfileSettings | undefined>;
  /**
   * Merges `changes` into the profile (creating it) and writes the file
   * atomically. Returns the profile as stored.
   */
  updateProfile(
    name: string,
    changes: Partial<ProfileSettings>,
  ): Promise<ProfileSettings>;
  /** Removes a profile; false when there was none. */
  removeProfile(name: string): Promise<boolean>;
}

/** Keeps each profile's secrets: the OS keychain, or the opt-in file. */
export interface SecretStore {
  /** `keychain` or `file`, for messages. */
  readonly kind: 'keychain' | 'file';
  /** Reads a profile's secrets; undefined when none are stored. */
  get(profile: string): Promise<ProfileSecrets | undefined>;
  /**
   * Replaces a profile's secrets and reads them back, failing with
   * `keychain_unavailable` when the read-back differs (a locked keyring
   * silently returns nothing).
   */
  set(profile: string, secrets: ProfileSecrets): Promise<void>;
  /** Removes a profile's secrets; false when there were none. */
  delete(profile: string): Promise<boolean>;
}
