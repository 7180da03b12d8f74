import type { DebugLog } from '../terminal/debug-log.js';

/** The part of an HTTP answer that decides whether to try again. */
export interface HttpAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/** How many times to try and how long to wait in between. */
export interface RetryPolicy {
  maxAttempts: number;
  /** The backoff ceiling of the first wait; it doubles on each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest a rate-limit reset header can make us wait. */
  maxRateLimitWaitMs: number;
}

/** At most three attempts, waits of up to 0.5 s, 1 s, ... and 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRateLimitWaitMs: 30_000,
};

/** Inputs of a retried request. */
export interface RetryOptions {
  /** Names the request in verbose lines, such as `POST /api/dlp/get-logs`. */
  label: string;
  policy?: RetryPolicy;
  log?: DebugLog;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), for the jitter. */
  random?: () => number;
  /**
   * Which answers to try again; `isRetryableStatus` by default. A request
   * that must not run twice narrows it to statuses that were not executed.
   */
  retryStatus?: (status: number) => boolean;
  /** Which network errors to try again; resets and timeouts by default. */
  retryError?: (error: unknown) => boolean;
}

/** Waits `ms` milliseconds for real. */
export function sleepFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sends a request up to `policy.maxAttempts` times. A 429, a 5xx, a reset
 * connection or a timeout is tried again after a backoff with full jitter;
 * anything else, and the last attempt's outcome, goes back to the caller:
 * an answer is returned, a network error is thrown.
 */
export async function sendWithRetry<T extends HttpAnswer>(
  send: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const retryStatus = options.retryStatus ?? isRetryableStatus;
  const retryError = options.retryError ?? isRetryableNetworkError;

  for (let attempt = 1; ; attempt += 1) {
    const isLast = attempt >= policy.maxAttempts;
    let answer: T;
    try {
      answer = await send(attempt);
    } catch (error) {
      if (isLast || !retryError(error)) throw error;
      const reason = networkErrorCode(error) ?? 'a network error';
      await pauseBeforeRetry(attempt, reason, undefined, options);
      continue;
    }

    if (isLast || !retryStatus(answer.status)) return answer;
    const floor =
      answer.status === 429 ? rateLimitResetMs(answer.headers) : undefined;
    await pauseBeforeRetry(attempt, `HTTP ${answer.status}`, floor, options);
  }
}

async function pauseBeforeRetry(
  attempt: number,
  reason: string,
  floorMs: number | undefined,
  options: RetryOptions,
): Promise<void> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const floor = Math.min(floorMs ?? 0, policy.maxRateLimitWaitMs);
  const waitMs = Math.max(floor, backoffDelayMs(attempt, policy, random));

  options.log?.(
    `${options.label}: ${reason} on attempt ${attempt} of ` +
      `${policy.maxAttempts}; waiting ${waitMs} ms before trying again`,
  );
  await (options.sleep ?? sleepFor)(waitMs);
}

/**
 * The wait after a failed attempt (1-based): a random time between zero and
 * an exponentially growing ceiling ("full jitter"), so that clients that
 * failed together do not come back together.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (attempt - 1),
  );
  return Math.floor(random() * ceiling);
}

/** True for statuses worth another try: rate limited, or a server fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** The `X-RateLimit-Reset` header in milliseconds, when it is a number. */
export function rateLimitResetMs(
  headers: Record<string, string>,
): number | undefined {
  const entry = Object.entries(headers).find(
    ([name]) => name.toLowerCase() === 'x-ratelimit-reset',
  );
  const value = Number(entry?.[1]);
  return entry && Number.isFinite(value) && value >= 0 ? value : undefined;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** The Node or axios error code of a failed request, such as `ENOTFOUND`. */
export function networkErrorCode(error: unknown): string | undefined {
  // axios copies the Node error's code but may replace it with its own
  // generic one; the original error, kept as the cause, says more.
  const code = readCode(readCause(error)) ?? readCode(error);
  if (code !== undefined) return code;
  return /socket hang up/i.test(readMessage(error)) ? 'ECONNRESET' : undefined;
}

/** True when the connection was cut: a reset, a hang-up, a broken pipe. */
export function isConnectionReset(error: unknown): boolean {
  return RESET_CODES.has(networkErrorCode(error) ?? '');
}

/** True when the request ran out of time. */
export function isTimeout(error: unknown): boolean {
  return TIMEOUT_CODES.has(networkErrorCode(error) ?? '');
}

/** True for network errors that another attempt may not meet. */
export function isRetryableNetworkError(error: unknown): boolean {
  return isConnectionReset(error) || isTimeout(error);
}

/** Header names in lower case, multiple values joined, for any header bag. */
export function normaliseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return result;

  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    result[name.toLowerCase()] = text;
  }
  return result;
}

function readCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function readCause(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { cause?: unknown }).cause
    : undefined;
}

function readMessage(value: unknown): string {
  return value instanceof Error ? value.message : '';
}
