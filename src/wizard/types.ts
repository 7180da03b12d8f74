import type {
  Api2Credentials,
  ApiVersion,
  MimecastCredentials,
  RawValues,
  XdrTarget,
} from '../credentials.js';
import type { ErrorInfo } from '../errors.js';
import type { ChecksReport } from '../mimecast/checks.js';
import type {
  CreateKeysOptions as LoginOptions,
  LoginType,
} from '../mimecast/login.js';
import type { ConfigStore, SecretStore } from '../storage/types.js';
import type { Output } from '../terminal/output.js';
import type { Prompter } from '../terminal/prompts.js';
import type { HostPolicy } from '../values.js';

export type { LoginType };

/** What discover-authentication says about the service account. */
export interface DiscoveredAccount {
  /** The regional base URL; absent when Mimecast does not know the address. */
  baseUrl?: string | undefined;
  /** The region's short code or name, for messages. */
  region?: string | undefined;
  /** The login types the account accepts, such as `Basic-Cloud`. */
  loginTypes: string[];
}

/** What the key-creation login needs; the caller adds timeout and log. */
export type CreateKeysOptions = Pick<
  LoginOptions,
  'baseUrl' | 'appId' | 'email' | 'password' | 'loginType'
>;

/** The values of either API, as the checks and the push take them. */
export type WizardCredentials = MimecastCredentials | Api2Credentials;

/**
 * The network work the wizard asks for, bound by the caller to the real
 * client (or the simulator) with its timeout and debug log.
 */
export interface WizardServices {
  /**
   * The same checks as `test`, on a full set of values of either API (told
   * apart by their fields, as createApiClient does).
   */
  runChecks(credentials: WizardCredentials): Promise<ChecksReport>;
  /** discover-authentication on the discovery host. */
  discoverBaseUrl(email: string, appId: string): Promise<DiscoveredAccount>;
  /**
   * Logs the service account in and returns a new key pair. Throws a
   * CliError `invalid_app_id` while the application is not live yet.
   */
  createKeys(
    options: CreateKeysOptions,
  ): Promise<{ accessKey: string; secretKey: string }>;
  /**
   * Sends the values to Barracuda XDR (the five of API 1.0 or the three of
   * API 2.0, as pushToXdr builds the body); throws `xdr_*` CliErrors.
   */
  pushToXdr(target: XdrTarget, credentials: WizardCredentials): Promise<void>;
}

/** Values known before the walk starts: offered as defaults. */
export type KnownValues = RawValues & {
  /** The service account's email address. */
  email?: string | undefined;
  /** The service account's password, as from MIMECAST_PASSWORD. */
  password?: string | undefined;
};

/** Everything the setup wizard works with; tests pass fakes. */
export interface WizardContext {
  /** The profile whose settings and secrets the walk writes. */
  profile: string;
  /** Asks the admin; a cancelled prompt throws CliError `cancelled`. */
  prompter: Prompter;
  /** Where the walk's text, warnings and spinners go. */
  output: Output;
  /** The profile's non-secret settings and the saved progress. */
  config: ConfigStore;
  /** The profile's secrets: the keychain, or the opt-in file. */
  secrets: SecretStore;
  /** Values from flags, environment and stdin; they win over storage. */
  known: KnownValues;
  /** Which loopback hosts count as allowed (tests and `--demo`). */
  policy: HostPolicy;
  /** Network work: checks, discovery, key creation and the push. */
  services: WizardServices;
  /** The clock, replaced in tests. */
  now(): Date;
  /**
   * Waits `ms`. While the wizard waits for the application to go live,
   * Ctrl-C must make this reject (ideally with CliError `cancelled`).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Every secret the admin types is registered here for redaction. */
  registerSecret(value: string | undefined): void;
  /** With `--reveal`: the final list shows the five values in full, once. */
  reveal: boolean;
  /**
   * Writes one line to the terminal without redaction; used only for the
   * `--reveal` list. Without it that list stays masked.
   */
  showRevealed?: ((line: string) => void) | undefined;
  /** With `--demo`: the values are the simulator's demo tenant's. */
  demo: boolean;
  /**
   * The API chosen with `--api`; the wizard then does not ask. Without
   * it the wizard asks, suggesting 2.0 unless the values point to 1.0.
   */
  api?: ApiVersion | undefined;
}

/** How the walk ended, for the command to report and pick an exit status. */
export type WizardOutcome =
  | {
      /** The checks passed and everything is stored. */
      status: 'completed';
      /** The API whose values passed and are now the profile's. */
      apiVersion: ApiVersion;
      report: ChecksReport;
      /** True when XDR accepted the push. */
      pushed: boolean;
      /** The XDR push's error when it failed; the values stay stored. */
      pushError?: ErrorInfo | undefined;
    }
  | {
      /** The admin chose to quit; progress is saved. */
      status: 'paused';
      /** The step `setup` resumes at, or 'check' for the final check. */
      resumeAt: number | 'check';
      /** The last failed checks, when the admin quit after them. */
      report?: ChecksReport | undefined;
    };
