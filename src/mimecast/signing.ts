import { createHmac, randomUUID } from 'node:crypto';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun',
  'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];

/**
 * Formats a moment the way the `x-mc-date` header wants it:
 * `Tue, 24 Nov 2015 12:50:11 UTC`. Always UTC and always English, whatever
 * the machine's locale; a local time zone here breaks the signature.
 */
export function formatMimecastDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = DAYS[date.getUTCDay()] ?? '';
  const month = MONTHS[date.getUTCMonth()] ?? '';
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map(pad)
    .join(':');
  return `${day}, ${pad(date.getUTCDate())} ${month} ${date.getUTCFullYear()} ${time} UTC`;
}

/** The inputs of one API 1.0 signature. */
export interface SignatureInput {
  accessKey: string;
  /** Standard base64, decoded to form the HMAC key. */
  secretKey: string;
  /** Used as the string it is, never decoded. */
  appKey: string;
  /** Exactly the `x-mc-date` header value. */
  date: string;
  /** Exactly the `x-mc-req-id` header value. */
  requestId: string;
  /** The path alone, `/api/account/get-account`: no scheme, host or query. */
  path: string;
}

/** Computes the base64 HMAC-SHA1 signature of one API 1.0 request. */
export function computeSignature(input: SignatureInput): string {
  const message = [input.date, input.requestId, input.path, input.appKey].join(
    ':',
  );
  return createHmac('sha1', Buffer.from(input.secretKey, 'base64'))
    .update(message, 'utf8')
    .digest('base64');
}

/** The value of the `Authorization` header for a signed request. */
export function authorizationHeader(input: SignatureInput): string {
  return `MC ${input.accessKey}:${computeSignature(input)}`;
}

/** The credentials a signed request needs. */
export interface SigningKeys {
  appId: string;
  appKey: string;
  accessKey: string;
  secretKey: string;
}

/**
 * Builds the headers of one signed request. Call it once per attempt: every
 * attempt needs its own date and request id, and so its own signature.
 */
export function signedHeaders(
  keys: SigningKeys,
  path: string,
  now: Date = new Date(),
  requestId: string = randomUUID(),
): Record<string, string> {
  const date = formatMimecastDate(now);
  return {
    'x-mc-app-id': keys.appId,
    'x-mc-date': date,
    'x-mc-req-id': requestId,
    Authorization: authorizationHeader({ ...keys, date, requestId, path }),
    'Content-Type': 'application/json',
  };
}
