/**
 * Every failure the tool reports has one stable code. The code decides the
 * exit status and is what `--json` consumers and the README's troubleshooting
 * table key on, so codes are never renamed.
 */
export type ErrorCode =
  | 'missing_value'
  | 'invalid_value'
  | 'host_not_allowed'
  | 'invalid_signature'
  | 'clock_skew'
  | 'invalid_app_id'
  | 'keys_expired'
  | 'invalid_client'
  | 'permission_denied'
  | 'unreachable'
  | 'server_error'
  | 'rate_limited'
  | 'keychain_unavailable'
  | 'xdr_unauthorized'
  | 'xdr_rejected'
  | 'xdr_unreachable'
  | 'config_corrupt'
  | 'cancelled'
  | 'internal_error';

/** Exit statuses, documented in the README and in `--help`. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  authentication: 3,
  permissions: 4,
  mimecastUnavailable: 5,
  keychain: 6,
  xdrPush: 7,
  cancelled: 130,
} as const;

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  missing_value: ExitCode.usage,
  invalid_value: ExitCode.usage,
  host_not_allowed: ExitCode.usage,
  config_corrupt: ExitCode.usage,
  invalid_signature: ExitCode.authentication,
  clock_skew: ExitCode.authentication,
  invalid_app_id: ExitCode.authentication,
  keys_expired: ExitCode.authentication,
  invalid_client: ExitCode.authentication,
  permission_denied: ExitCode.permissions,
  unreachable: ExitCode.mimecastUnavailable,
  server_error: ExitCode.mimecastUnavailable,
  rate_limited: ExitCode.mimecastUnavailable,
  keychain_unavailable: ExitCode.keychain,
  xdr_unauthorized: ExitCode.xdrPush,
  xdr_rejected: ExitCode.xdrPush,
  xdr_unreachable: ExitCode.xdrPush,
  cancelled: ExitCode.cancelled,
  internal_error: ExitCode.internal,
};

/** Returns the process exit status that goes with an error code. */
export function exitCodeFor(code: ErrorCode): number {
  return EXIT_BY_CODE[code];
}

/** The serialisable form of an error, as it appears in `--json` output. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint: string;
  /** The input field at fault, when one is: `appId`, `baseUrl`, ... */
  field?: string;
}

/**
 * An expected failure: something the user can fix. It carries a message, a
 * hint naming the fix, and never a secret. Only the top level prints it.
 */
export class CliError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly field: string | undefined;

  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'CliError';
    this.code = info.code;
    this.hint = info.hint;
    this.field = info.field;
  }

  get exitCode(): number {
    return exitCodeFor(this.code);
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = {
      code: this.code,
      message: this.message,
      hint: this.hint,
    };
    if (this.field !== undefined) info.field = this.field;
    return info;
  }
}

/** True for a CliError, including one thrown by another copy of the module. */
export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}
