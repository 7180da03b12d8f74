import { CliError } from '../errors.js';
import type { ErrorInfo } from '../errors.js';
import { isTimeout, networkErrorCode } from '../net/retry.js';
import { failCodes } from './envelope.js';
import type { Envelope } from './envelope.js';

/** Mimecast documents no tolerance; five minutes is the usual one. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const APPLICATIONS_PATH =
  'Administration > Services > API and Platform Integrations > Your Application Integrations';

/** Everything known about one answer after the retries. */
export interface ResponseFacts {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Absent when the body was binary or could not be read. */
  envelope?: Envelope | undefined;
  /** Why the body could not be read, when it could not. */
  bodyError?: CliError | undefined;
  /** The local clock when the answer arrived. */
  now: Date;
}

/**
 * Turns an answer into the one error it means, or undefined when it is a
 * success. Mimecast's own error codes win over the HTTP status, because a
 * wrong App ID comes back as HTTP 200 with a `fail` entry.
 */
export function classifyResponse(facts: ResponseFacts): CliError | undefined {
  const codes = failCodes(facts.envelope);
  if (codes.includes('err_developer_key')) return invalidAppIdError();
  if (codes.includes('err_xdk_binding_expired')) return keysExpiredError();
  if (codes.includes('err_xdk_invalid_signature') || facts.status === 401) {
    return signatureError(facts);
  }
  if (facts.status === 418) return keysExpiredError();
  if (facts.status === 403 || facts.envelope?.meta.status === 403) {
    return permissionDeniedError();
  }
  return classifyOtherFailure(facts, codes);
}

function classifyOtherFailure(
  facts: ResponseFacts,
  codes: string[],
): CliError | undefined {
  if (facts.status === 429) return rateLimitedError();
  if (facts.status < 200 || facts.status > 299) {
    return serverError(`answered HTTP ${facts.status}`, facts.bodyError);
  }
  if (facts.envelope && facts.envelope.fail.length > 0) {
    const named = codes.length > 0 ? codes.join(', ') : 'no error code';
    return serverError(`refused the request (${named})`);
  }
  return facts.bodyError;
}

function signatureError(facts: ResponseFacts): CliError {
  const serverTime = Date.parse(facts.headers.date ?? '');
  const skewMs = serverTime - facts.now.getTime();
  if (Number.isFinite(skewMs) && Math.abs(skewMs) > MAX_CLOCK_SKEW_MS) {
    return clockSkewError(skewMs);
  }
  return new CliError(INVALID_SIGNATURE);
}

const INVALID_SIGNATURE: ErrorInfo = {
  code: 'invalid_signature',
  message:
    "Mimecast rejected the request's signature: the Access Key, Secret Key or Application Key is wrong, and Mimecast does not say which. A base URL from the wrong region is refused the same way.",
  hint: `Copy the Application Key again from ${APPLICATIONS_PATH}, and the Access Key and Secret Key from when the keys were created (or make new ones with \`mimecast-xdr keys create\`). Check that the base URL belongs to your account's region.`,
};

function clockSkewError(skewMs: number): CliError {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const direction = skewMs > 0 ? 'behind' : 'ahead of';
  return new CliError({
    code: 'clock_skew',
    message: `Mimecast rejected the request's signature, and this computer's clock is about ${minutes} minutes ${direction} Mimecast's. Signed requests carry the time, so a wrong clock looks like wrong keys.`,
    hint: 'Set this computer\'s clock right, best by turning on network time (for example `timedatectl set-ntp true`), then run the command again.',
  });
}

function invalidAppIdError(): CliError {
  return new CliError({
    code: 'invalid_app_id',
    message:
      'Mimecast does not accept the Application ID: it is wrong, or the application was created less than 30 minutes ago and is not live yet.',
    hint: `Compare the Application ID with the one shown under ${APPLICATIONS_PATH}. If the application is new, wait until 30 minutes after it was created and try again.`,
  });
}

function keysExpiredError(): CliError {
  return new CliError({
    code: 'keys_expired',
    message:
      'The Access Key and Secret Key have expired or were revoked.',
    hint: "Keys are revoked when the service account's password changes or the account is disabled, and they expire when its authentication profile's TTL is not Never Expire (Administration > Services > Applications > Authentication Profiles). Create new keys with `mimecast-xdr keys create`, then run `mimecast-xdr push`.",
  });
}

function permissionDeniedError(): CliError {
  return new CliError({
    code: 'permission_denied',
    message: "The service account's role does not allow this request.",
    hint: "Add the missing permission to the service account's role under Administration > Account > Roles, then run the command again.",
  });
}

function rateLimitedError(): CliError {
  return new CliError({
    code: 'rate_limited',
    message:
      "Mimecast kept refusing requests because the service account's rate limit was reached (HTTP 429), even after waiting.",
    hint: 'The limit counts every request of the service account, across all of its keys. Wait a minute, pause other tools that use the same account, and try again.',
  });
}

function serverError(what: string, bodyError?: CliError): CliError {
  const body = bodyError ? ` ${bodyError.message}` : '';
  return new CliError({
    code: 'server_error',
    message: `Mimecast ${what}.${body}`,
    hint: 'The fault is on Mimecast\'s side or on the way to it: try again in a few minutes. If it persists, check that the base URL is the Mimecast API host of your region and that no proxy stands in between.',
  });
}

const NETWORK_REASONS: Record<string, string> = {
  ENOTFOUND: 'its name does not resolve (DNS)',
  EAI_AGAIN: 'its name could not be looked up (DNS)',
  ECONNREFUSED: 'it refused the connection',
  ECONNRESET: 'the connection was cut, each time it was tried',
  EPIPE: 'the connection was cut, each time it was tried',
  EHOSTUNREACH: 'no route leads to it',
  ENETUNREACH: 'this computer has no network route to it',
};

/**
 * Why a request got no answer, in plain words: a DNS failure, a refused or
 * cut connection, a TLS problem or a timeout. `host` is what was called.
 */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error) ?? '';
  if (isTimeout(error)) {
    return 'it did not answer in time, each time it was tried';
  }
  if (/CERT|TLS|SSL/i.test(code)) {
    return `its TLS certificate could not be verified (${code})`;
  }
  const reason = NETWORK_REASONS[code];
  if (reason !== undefined) return reason;
  return code === '' ? 'the request failed' : `the request failed (${code})`;
}

/** The `unreachable` error for a Mimecast request that got no answer. */
export function unreachableError(error: unknown, host: string): CliError {
  return new CliError({
    code: 'unreachable',
    message: `Could not reach Mimecast at ${host}: ${describeNetworkError(error)}.`,
    hint: `Check the base URL, this computer's network, and that proxies and firewalls let HTTPS through to ${host}; \`--timeout\` gives a slow network longer.`,
  });
}

const API2_APPLICATION_PATH =
  'Integrations > API and Platform Integrations (the API 2.0 application)';

/**
 * The token endpoint refused the Client ID or the Client Secret. A secret
 * is shown once only, so the fix is often a new one.
 */
export function invalidClientError(): CliError {
  return new CliError({
    code: 'invalid_client',
    message: 'Mimecast refused the Client ID or Client Secret.',
    hint: `Copy the Client ID again from ${API2_APPLICATION_PATH}, and the Client Secret from when it was generated; a secret is shown only once, so if it is lost, generate a new one there. Check also that the application has not been disabled.`,
  });
}

/**
 * An API 2.0 call was answered 401 with `token_expired`. The client fetches
 * a new token once on this error; if it comes back, it is reported as is.
 */
export class TokenExpiredError extends CliError {
  constructor() {
    super({
      code: 'invalid_client',
      message:
        'Mimecast reported the access token as expired, even one fetched moments before.',
      hint: `Run the command again in a minute. If it keeps happening, generate a new Client Secret under ${API2_APPLICATION_PATH}, and check that the base URL is one of the API 2.0 hosts.`,
    });
    this.name = 'TokenExpiredError';
  }
}

function bearerRefusedError(): CliError {
  return new CliError({
    code: 'invalid_client',
    message:
      'Mimecast issued an access token for the Client ID, then refused it (HTTP 401).',
    hint: `The API 2.0 application may have been disabled or its secret replaced meanwhile: check it under ${API2_APPLICATION_PATH}, copy the current Client Secret, and run the command again.`,
  });
}

/** True for the answer to a bearer call whose token has run out. */
export function isTokenExpired(facts: ResponseFacts): boolean {
  return (
    facts.status === 401 && failCodes(facts.envelope).includes('token_expired')
  );
}

/**
 * classifyResponse for API 2.0 calls: a bearer token has no signature, so
 * every 401 is about the token, and the signing codes of 1.0 cannot occur.
 */
export function classifyApi2Response(
  facts: ResponseFacts,
): CliError | undefined {
  if (isTokenExpired(facts)) return new TokenExpiredError();
  if (facts.status === 401) return bearerRefusedError();
  return classifyResponse(facts);
}

/** OAuth error codes (and gateway fault codes) naming a refused client. */
const REFUSED_CLIENT =
  /invalid_?client|unauthorized_client|InvalidClient|InvalidApiKey|app_not_approved/i;

/**
 * The error a failed token request means: a refused client is
 * `invalid_client`, a 429 `rate_limited`, anything else `server_error`.
 * `reason` is the `error` the body named, when it named one.
 */
export function classifyTokenFailure(
  status: number,
  reason: string | undefined,
): CliError {
  const refused = reason !== undefined && REFUSED_CLIENT.test(reason);
  if (status === 401 || ((status === 400 || status === 403) && refused)) {
    return invalidClientError();
  }
  if (status === 429) return rateLimitedError();

  const named = reason === undefined ? '' : ` (${reason})`;
  return serverError(`refused the token request with HTTP ${status}${named}`);
}
