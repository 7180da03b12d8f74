import type { Output } from './terminal/output.js';

/** The streams and environment a run of the tool works with. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** Options every command accepts, after flags and environment are merged. */
export interface GlobalOptions {
  /** The profile to read and write; `default` unless told otherwise. */
  profile: string;
  /** True when `--profile` or MIMECAST_XDR_PROFILE named the profile. */
  profileChosen: boolean;
  /** One JSON document on stdout instead of human text. */
  json: boolean;
  /** Never prompt; a missing value is a usage error. */
  nonInteractive: boolean;
  /** Extra, redacted lines about each request on stderr. */
  verbose: boolean;
  color: boolean;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  /** The `--config-dir` flag, when given. */
  configDir: string | undefined;
  /** Keep secrets in a 0600 file instead of the OS keychain. */
  insecureStorage: boolean;
}

/** What every command receives: streams, options and the terminal. */
export interface CommandContext {
  io: CommandIo;
  globals: GlobalOptions;
  output: Output;
  /**
   * Secrets known so far in this run. Everything the output shows passes
   * through a redactor that knows them, so register each secret on sight.
   */
  registerSecret(value: string | undefined): void;
  /**
   * Fields a `--json` failure object carries beside `ok`, `profile` and
   * `error`, so a command's JSON keeps its shape even when it fails early.
   */
  failureFields: Record<string, unknown>;
}
