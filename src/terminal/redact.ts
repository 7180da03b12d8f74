/** What a secret is replaced with wherever it would be shown. */
export const REDACTED = '[redacted]';

/** Shorter values are too likely to occur by chance to be replaced. */
const MIN_SECRET_LENGTH = 4;

/** The value of an Authorization header, in a header dump or as JSON. */
const AUTHORIZATION_VALUE =
  /(\bauthorization\b["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi;

/**
 * Credentials after the schemes Mimecast and XDR use. Short words are
 * left alone, so prose such as "a Bearer token" reads as written.
 */
const SCHEME_CREDENTIALS = [
  /(\bBearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi,
  /(\bMC\s+)[^\s:]+:[A-Za-z0-9+/=]+/g,
  /(\bBasic-(?:Cloud|AD)\s+)[A-Za-z0-9+/=]{8,}/gi,
];

/**
 * JSON fields that hold a secret, such as the keys in a login answer,
 * which no redactor can know in advance.
 */
const SECRET_JSON_FIELDS = [
  'appKey',
  'applicationKey',
  'accessKey',
  'secretKey',
  'password',
  'token',
  'xdrToken',
  'access_token',
  'client_secret',
];
const SECRET_JSON_FIELD = new RegExp(
  `("(?:${SECRET_JSON_FIELDS.join('|')})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`,
  'gi',
);

/**
 * Builds a function that hides secrets in text before it is shown: every
 * occurrence of each given value (blank and very short ones ignored),
 * Authorization header values, and `Bearer`, `MC` and `Basic-Cloud`
 * credentials wherever they appear.
 */
export function createRedactor(
  secrets: Iterable<string | undefined>,
): (text: string) => string {
  const known = [...new Set(secrets)]
    .filter((s): s is string => s !== undefined)
    .filter((s) => s.trim().length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);

  // One pass over all secrets at once, longest first, so that a secret
  // found inside another, or inside the marker itself, cannot split it.
  const pattern =
    known.length === 0 ? null : new RegExp(known.map(escape).join('|'), 'g');
  return (text) =>
    redactPatterns(pattern ? text.replace(pattern, REDACTED) : text);
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function redactPatterns(text: string): string {
  let result = text.replace(AUTHORIZATION_VALUE, `$1${REDACTED}`);
  for (const pattern of SCHEME_CREDENTIALS) {
    result = result.replace(pattern, `$1${REDACTED}`);
  }
  return result.replace(SECRET_JSON_FIELD, `$1${REDACTED}"`);
}

const MASK = '••••';
const MIN_LENGTH_TO_HINT = 8;

/**
 * Masks a secret for display, keeping its last 4 characters so a person
 * can tell two values apart: `••••Ab3=`. Values shorter than 8 characters
 * are masked whole.
 */
export function maskSecret(value: string): string {
  if (value === '') return '';
  if (value.length < MIN_LENGTH_TO_HINT) return MASK;
  return `${MASK}${value.slice(-4)}`;
}

const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/**
 * A copy of request or response headers safe to log: Authorization (in
 * any letter case) and cookies are replaced by `[redacted]`.
 */
export function redactHeaders(
  headers: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value,
    ]),
  );
}
