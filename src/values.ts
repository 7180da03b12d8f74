import { z } from 'zod';

import {
  SECRET_VALUE_NAMES,
  VALUE_ENV_VARS,
  VALUE_FLAGS,
  VALUE_LABELS,
} from './credentials.js';
import type {
  Api2Credentials,
  ApiVersion,
  MimecastCredentials,
  RawValues,
  ValueName,
} from './credentials.js';
import { CliError } from './errors.js';
import {
  API2_BASE_URLS,
  DISCOVERY_URL,
  REGIONAL_HOSTS,
  isMimecastApiHost,
  isMimecastBaseHost,
} from './mimecast/hosts.js';

/** The variable listing loopback servers that tests and `--demo` may use. */
export const ALLOWED_HOSTS_ENV = 'MIMECAST_XDR_ALLOWED_HOSTS';

/**
 * Which loopback servers a URL may point at. Entries read `host:port`, as
 * `127.0.0.1:4010`, `localhost:4010` or `[::1]:4010`; real hosts need none.
 */
export interface HostPolicy {
  allowedLoopback: ReadonlySet<string>;
}

/** Where a refused value came from, for the message that refuses it. */
interface Field {
  /** The name in `--json` errors: a ValueName, `email`, `discoveryUrl`. */
  name: string;
  label: string;
  /** The flag or environment variable that supplies it. */
  source: string;
  secret: boolean;
}

/** Why a value was refused, carried through zod as an issue's params. */
interface Refusal {
  reason: string;
  hint: string;
  code?: 'invalid_value' | 'host_not_allowed';
  /** False when the value must not be quoted back, even if not secret. */
  echo?: boolean;
}

const SECRETS: ReadonlySet<string> = new Set(SECRET_VALUE_NAMES);

// A Client ID refused for its shape is often the Client Secret pasted into
// the wrong field, so it is not quoted back either.
const NEVER_QUOTED: ReadonlySet<string> = new Set([...SECRETS, 'clientId']);

const API2_APPLICATION =
  'It is shown with the API 2.0 application in the Mimecast console (Integrations > API and Platform Integrations).';

const WHERE_TO_FIND: Record<ValueName, string> = {
  appId:
    'It is shown with the API application in the Mimecast console (Administration > Services > API and Platform Integrations).',
  appKey:
    'It is shown with the API application in the Mimecast console (Administration > Services > API and Platform Integrations).',
  accessKey:
    'It is shown once, when keys are created for the service account; create new keys if it is lost.',
  secretKey:
    'It is shown once, when keys are created for the service account; create new keys if it is lost.',
  clientId: API2_APPLICATION,
  clientSecret:
    'It is shown only once, when the API 2.0 application is created or a new secret is generated; generate a new one if it is lost.',
  baseUrl:
    "It is your region's API host, such as https://eu-api.mimecast.com.",
  xdrEndpoint: 'Copy it from the Barracuda XDR dashboard.',
  xdrToken: 'Copy it from the Barracuda XDR dashboard.',
};

const EMAIL_FIELD: Field = {
  name: 'email',
  label: 'service account email address',
  source: '--email or MIMECAST_EMAIL',
  secret: false,
};

const DISCOVERY_FIELD: Field = {
  name: 'discoveryUrl',
  label: 'discovery URL',
  source: 'MIMECAST_DISCOVERY_URL',
  secret: false,
};

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]/g;

/** Each opening quote and the closing quotes that may pair with it. */
const QUOTE_PAIRS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '\u201C': '\u201D\u201C',
  '\u201D': '\u201D',
  '\u201E': '\u201C\u201D',
  '\u2018': '\u2019\u2018',
  '\u2019': '\u2019',
  '\u201A': '\u2018\u2019',
  '\u00AB': '\u00BB',
  '\u00BB': '\u00AB',
};

/**
 * Undoes what copying from a console, a chat or a document adds to a
 * value: white space and quotes around it (straight, smart or backticks),
 * line breaks anywhere, zero-width characters and non-breaking spaces.
 */
export function cleanPastedValue(raw: string): string {
  let value = raw.replace(ZERO_WIDTH, '').replace(LINE_BREAKS, '').trim();

  for (;;) {
    const unquoted = stripQuotes(value);
    if (unquoted === value) return value;
    value = unquoted.trim();
  }
}

function stripQuotes(value: string): string {
  if (value.length < 2) return value;

  const closers = QUOTE_PAIRS[value.charAt(0)];
  const last = value.charAt(value.length - 1);
  return closers?.includes(last) ? value.slice(1, -1) : value;
}

/**
 * Reads the loopback servers URLs may point at from
 * MIMECAST_XDR_ALLOWED_HOSTS (comma-separated `host:port`), plus `extra`
 * entries such as the simulator `--demo` started. Throws `invalid_value`
 * for an entry that is not a loopback `host:port`.
 */
export function createHostPolicy(
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): HostPolicy {
  const listed = (env[ALLOWED_HOSTS_ENV] ?? '').split(',');
  const entries = [...listed, ...extra]
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

  return { allowedLoopback: new Set(entries.map(normaliseAllowedHost)) };
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:@/\\[\]?#]+):\d{1,5}$/;

function normaliseAllowedHost(entry: string): string {
  const url = HOST_PORT.test(entry) ? tryParseUrl(`http://${entry}`) : null;
  if (url && isLoopbackHostname(url.hostname)) return hostKey(url);

  throw new CliError({
    code: 'invalid_value',
    message: `${ALLOWED_HOSTS_ENV} lists ${quote(entry)}, which is not a loopback host:port.`,
    hint: `List only loopback test servers, comma-separated, such as ${ALLOWED_HOSTS_ENV}=127.0.0.1:4010,localhost:4011,[::1]:4012.`,
  });
}

function tryParseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** `hostname:port` with the port spelled out, as policy entries read. */
function hostKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** zod params that make a failed check stop parsing with this refusal. */
function refuse(refusal: Refusal) {
  return { message: refusal.reason, params: { ...refusal }, abort: true };
}

function plainSchema(name: ValueName, maxLength: number) {
  return z
    .string()
    .refine((v) => v !== '', refuse(emptyRefusal(name)))
    .refine((v) => !/\s/.test(v), refuse(whiteSpaceRefusal(name)))
    .refine(
      (v) => v.length <= maxLength,
      refuse({
        reason: `is longer than ${maxLength} characters`,
        hint: `Copy the ${VALUE_LABELS[name]} again, and nothing around it. ${WHERE_TO_FIND[name]}`,
      }),
    );
}

function emptyRefusal(name: ValueName): Refusal {
  return {
    reason: 'is empty',
    hint: `${howToGive(name)} to the ${VALUE_LABELS[name]}. ${WHERE_TO_FIND[name]}`,
  };
}

function whiteSpaceRefusal(name: ValueName): Refusal {
  return {
    reason: 'contains white space',
    hint: `The ${VALUE_LABELS[name]} is one unbroken string: copy it again without spaces. ${WHERE_TO_FIND[name]}`,
  };
}

const ACCESS_KEY = /^[A-Za-z0-9_-]+={0,2}$/;

const accessKeySchema = z
  .string()
  .refine((v) => v !== '', refuse(emptyRefusal('accessKey')))
  .refine((v) => !/\s/.test(v), refuse(whiteSpaceRefusal('accessKey')))
  .refine(
    (v) => v.length >= 16 && v.length <= 512,
    refuse({
      reason: 'must be 16 to 512 characters long',
      hint: `Copy the whole Access Key again. ${WHERE_TO_FIND.accessKey}`,
    }),
  )
  .refine(
    (v) => ACCESS_KEY.test(v),
    refuse({
      reason:
        'may hold only letters, digits, - and _ (URL-safe base64), with = only at the end',
      hint: 'A value with + or / is probably the Secret Key: check that the Access Key and the Secret Key were not swapped.',
    }),
  );

const BASE64_CHARACTERS = /^[A-Za-z0-9+/=]*$/;
const STRICT_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_SECRET_BYTES = 16;

const secretKeySchema = z
  .string()
  .refine((v) => v !== '', refuse(emptyRefusal('secretKey')))
  .refine((v) => !/\s/.test(v), refuse(whiteSpaceRefusal('secretKey')))
  .superRefine((v, ctx) => {
    const position = firstNonBase64(v);
    if (position === 0) return;

    const refusal = nonBase64Refusal(v, position);
    ctx.addIssue({ code: 'custom', ...refuse(refusal) });
  })
  .refine(
    (v) => v.length % 4 === 0 && STRICT_BASE64.test(v),
    refuse({
      reason:
        'is not complete base64: its length must be a multiple of 4, with = only as padding at the end',
      hint: `Copy the whole Secret Key again; it usually has 88 characters and ends in =. ${WHERE_TO_FIND.secretKey}`,
    }),
  )
  .refine(
    (v) => Buffer.from(v, 'base64').toString('base64') === v,
    refuse({
      reason: 'is not canonical base64: its last character before the padding is wrong',
      hint: `Copy the whole Secret Key again. ${WHERE_TO_FIND.secretKey}`,
    }),
  )
  .refine(
    (v) => Buffer.from(v, 'base64').length >= MIN_SECRET_BYTES,
    refuse({
      reason: `decodes to fewer than ${MIN_SECRET_BYTES} bytes, too short for a Secret Key`,
      hint: `Copy the whole Secret Key again; it usually has 88 characters. ${WHERE_TO_FIND.secretKey}`,
    }),
  );

function nonBase64Refusal(value: string, position: number): Refusal {
  const hint = /[-_]/.test(value)
    ? 'A value with - or _ is probably the Access Key: check that the Access Key and the Secret Key were not swapped.'
    : `Copy the Secret Key again, and nothing around it. ${WHERE_TO_FIND.secretKey}`;
  return {
    reason: `has a character outside standard base64 (A-Z, a-z, 0-9, +, /, =) at position ${position}`,
    hint,
  };
}

function firstNonBase64(value: string): number {
  return [...value].findIndex((c) => !BASE64_CHARACTERS.test(c)) + 1;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Parses a URL as typed; a bare host is taken to mean https. */
function parseUrl(text: string): URL | Refusal {
  if (text === '') {
    const hint = 'Give a URL that starts with https://.';
    return { reason: 'is empty', hint };
  }
  if (/\s/.test(text)) {
    return {
      reason: 'contains white space',
      hint: 'Copy the URL again without spaces.',
    };
  }

  const url = tryParseUrl(URL_SCHEME.test(text) ? text : `https://${text}`);
  if (url) return url;
  return {
    reason: 'is not a valid URL',
    hint: 'Give a URL such as https://eu-api.mimecast.com.',
  };
}

/** Refuses what no URL here may carry: other schemes, logins, queries. */
function checkUrlShape(url: URL, text: string): Refusal | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      reason: `uses ${url.protocol.slice(0, -1)}, not https`,
      hint: 'Give a URL that starts with https://.',
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      reason: 'contains a user name or password',
      hint: 'Remove the part before @: credentials never go in the URL.',
      echo: false,
    };
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return {
      reason: 'has a query string or fragment',
      hint: 'Remove everything from the ? or # on.',
    };
  }
  return undefined;
}

/** Allows a loopback host only when the policy lists its host:port. */
function checkLoopback(url: URL, policy: HostPolicy): Refusal | undefined {
  const key = hostKey(url);
  if (policy.allowedLoopback.has(key)) return undefined;

  return {
    code: 'host_not_allowed',
    reason: `points at the loopback server ${key}, which is not allowed`,
    hint: `Loopback servers are for tests and --demo: list ${key} in ${ALLOWED_HOSTS_ENV} to use it.`,
    echo: false,
  };
}

const MIMECAST_ORIGINS = REGIONAL_HOSTS.map((host) => host.baseUrl).join(', ');
const API2_ORIGINS = API2_BASE_URLS.join(', ');
const API2_HOSTNAMES: ReadonlySet<string> = new Set(
  API2_BASE_URLS.map((origin) => new URL(origin).hostname),
);
const DISCOVERY_HOSTNAME = new URL(DISCOVERY_URL).hostname;

/** Decides whether a Mimecast URL may name a host: a refusal, or none. */
type HostRule = (hostname: string) => Refusal | undefined;

/** A base URL whose API is not known yet: any 1.0 or 2.0 host. */
const anyBaseHost: HostRule = (hostname) =>
  isMimecastBaseHost(hostname) ? undefined : unknownHostRefusal(hostname);

const api1BaseHost: HostRule = (hostname) =>
  API2_HOSTNAMES.has(hostname)
    ? api2HostRefusal(hostname)
    : anyBaseHost(hostname);

const api2BaseHost: HostRule = (hostname) => {
  if (API2_HOSTNAMES.has(hostname)) return undefined;
  return isMimecastApiHost(hostname)
    ? api1HostRefusal(hostname)
    : unknownApi2HostRefusal(hostname);
};

const discoveryHost: HostRule = (hostname) =>
  isMimecastApiHost(hostname) ? undefined : unknownHostRefusal(hostname);

const BASE_HOST_RULES: Record<ApiVersion, HostRule> = {
  '1.0': api1BaseHost,
  '2.0': api2BaseHost,
};

function checkMimecastHost(url: URL, rule: HostRule): Refusal | undefined {
  const refusal = rule(url.hostname);
  if (refusal) return refusal;

  const origin = `https://${url.hostname}`;
  if (url.protocol !== 'https:') {
    return {
      reason: 'uses http; Mimecast is reached over https only',
      hint: `Use ${origin}.`,
    };
  }
  if (url.port !== '') {
    return {
      reason: `has the port ${url.port}; Mimecast hosts use the standard https port`,
      hint: `Use ${origin}.`,
    };
  }
  return undefined;
}

function unknownHostRefusal(hostname: string): Refusal {
  if (hostname === DISCOVERY_HOSTNAME) {
    return {
      code: 'host_not_allowed',
      reason: `points at ${hostname}, which only finds the region; calls go to the regional host`,
      hint: `Use the regional host that discovery reports for your account, one of: ${MIMECAST_ORIGINS}.`,
      echo: false,
    };
  }
  return {
    code: 'host_not_allowed',
    reason: `points at ${quote(hostname)}, which is not one of Mimecast's API hosts`,
    hint: `Use your region's host, one of: ${MIMECAST_ORIGINS}. For a local test server, list its host:port in ${ALLOWED_HOSTS_ENV}.`,
    echo: false,
  };
}

function api2HostRefusal(hostname: string): Refusal {
  return {
    reason: `points at ${hostname}, an API 2.0 host, which does not take API 1.0 keys`,
    hint: `API 1.0 calls go to your region's host, one of: ${MIMECAST_ORIGINS}. If the tenant has an API 2.0 application, give its Client ID and Client Secret instead (MIMECAST_CLIENT_ID, MIMECAST_CLIENT_SECRET).`,
  };
}

function api1HostRefusal(hostname: string): Refusal {
  return {
    reason: `points at ${hostname}, an API 1.0 host; API 2.0 calls go to other hosts`,
    hint: `Use https://api.services.mimecast.com (global), or the pinned ${API2_BASE_URLS.slice(1).join(' or ')}.`,
  };
}

function unknownApi2HostRefusal(hostname: string): Refusal {
  return {
    code: 'host_not_allowed',
    reason: `points at ${quote(hostname)}, which is not one of Mimecast's API 2.0 hosts`,
    hint: `Use one of: ${API2_ORIGINS}. For a local test server, list its host:port in ${ALLOWED_HOSTS_ENV}.`,
    echo: false,
  };
}

const ORIGIN_PATHS: ReadonlySet<string> = new Set(['/', '/api', '/api/']);

function checkOriginOnly(url: URL): Refusal | undefined {
  if (ORIGIN_PATHS.has(url.pathname)) return undefined;

  return {
    reason: `has the path ${quote(url.pathname)}; only the origin is used`,
    hint: `Use ${url.origin} alone: the tool adds each API path itself.`,
    echo: false,
  };
}

/**
 * Checks a Mimecast origin and reduces it to `https://host`. A bare host,
 * a trailing `/` and an `/api` path are accepted and dropped.
 */
function normaliseMimecastUrl(
  text: string,
  policy: HostPolicy,
  rule: HostRule,
): string | Refusal {
  const url = parseUrl(text);
  if (!(url instanceof URL)) return url;

  const refusal =
    checkUrlShape(url, text) ??
    (isLoopbackHostname(url.hostname)
      ? checkLoopback(url, policy)
      : checkMimecastHost(url, rule)) ??
    checkOriginOnly(url);
  return refusal ?? url.origin;
}

/** Checks the XDR endpoint: any public https URL, path included. */
function normaliseXdrEndpoint(
  text: string,
  policy: HostPolicy,
): string | Refusal {
  const url = parseUrl(text);
  if (!(url instanceof URL)) return url;

  const refusal =
    checkUrlShape(url, text) ??
    (isLoopbackHostname(url.hostname)
      ? checkLoopback(url, policy)
      : checkPublicHost(url));
  return refusal ?? url.href;
}

function checkPublicHost(url: URL): Refusal | undefined {
  if (!isPublicHostname(url.hostname)) {
    return {
      code: 'host_not_allowed',
      reason: `points at ${quote(url.hostname)}, which is not a public host`,
      hint: `Use the https endpoint shown in the Barracuda XDR dashboard. For a local test receiver, list its host:port in ${ALLOWED_HOSTS_ENV}.`,
      echo: false,
    };
  }
  if (url.protocol !== 'https:') {
    return {
      reason: 'uses http; the keys are pushed over https only',
      hint: 'Use the https:// form of the endpoint.',
    };
  }
  return undefined;
}

const PRIVATE_SUFFIXES = [
  'localhost',
  'local',
  'localdomain',
  'internal',
  'home.arpa',
];

/** False for loopback, private and link-local addresses and local names. */
function isPublicHostname(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  if (host.startsWith('[')) return isPublicIpv6(host.slice(1, -1));
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return isPublicIpv4(host);
  if (!host.includes('.')) return false;

  return !PRIVATE_SUFFIXES.some(
    (suffix) => host === suffix || host.endsWith(`.${suffix}`),
  );
}

function isPublicIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  const isPrivate =
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168);
  return !isPrivate;
}

function isPublicIpv6(address: string): boolean {
  if (address === '::' || address === '::1') return false;
  return !/^(f[cd]|fe[89ab]|ff|::ffff:)/i.test(address);
}

/** Runs a URL check inside zod, so every value is parsed the same way. */
function urlSchema(normalise: (text: string) => string | Refusal) {
  return z.string().transform((text, ctx) => {
    const result = normalise(text);
    if (typeof result === 'string') return result;

    ctx.addIssue({ code: 'custom', ...refuse(result) });
    return z.NEVER;
  });
}

type StringSchema = z.ZodType<string, string>;

const KEY_SCHEMAS = {
  appId: plainSchema('appId', 128),
  appKey: plainSchema('appKey', 128),
  accessKey: accessKeySchema,
  secretKey: secretKeySchema,
  clientId: plainSchema('clientId', 256),
  clientSecret: plainSchema('clientSecret', 512),
  xdrToken: plainSchema('xdrToken', 4096),
} satisfies Partial<Record<ValueName, StringSchema>>;

function schemaFor(
  name: ValueName,
  policy: HostPolicy,
  apiVersion: ApiVersion | undefined,
): StringSchema {
  if (name === 'baseUrl') {
    const rule = apiVersion ? BASE_HOST_RULES[apiVersion] : anyBaseHost;
    return urlSchema((text) => normaliseMimecastUrl(text, policy, rule));
  }
  if (name === 'xdrEndpoint') {
    return urlSchema((text) => normaliseXdrEndpoint(text, policy));
  }
  return KEY_SCHEMAS[name];
}

function fieldSource(name: ValueName): string {
  const flag = VALUE_FLAGS[name];
  const env = VALUE_ENV_VARS[name];
  return flag ? `${flag} or ${env}` : env;
}

function howToGive(name: ValueName): string {
  const flag = VALUE_FLAGS[name];
  const env = VALUE_ENV_VARS[name];
  return flag ? `Pass ${flag} or set ${env}` : `Set ${env}`;
}

function fieldFor(name: ValueName): Field {
  return {
    name,
    label: VALUE_LABELS[name],
    source: fieldSource(name),
    secret: NEVER_QUOTED.has(name),
  };
}

const MAX_QUOTED = 60;

/** Quotes a non-secret value for a message, cut to a readable length. */
function quote(value: string): string {
  const short =
    value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value;
  return JSON.stringify(short);
}

function isRefusal(value: unknown): value is Refusal {
  const candidate = value as Partial<Refusal> | undefined;
  return (
    typeof candidate?.reason === 'string' &&
    typeof candidate.hint === 'string'
  );
}

function refusalOf(error: z.ZodError): Refusal {
  const issue = error.issues[0];
  const params = issue?.code === 'custom' ? issue.params : undefined;
  if (isRefusal(params)) return params;

  return {
    reason: 'is not valid',
    hint: 'Copy the value again, and nothing around it.',
  };
}

function refusalError(field: Field, value: string, refusal: Refusal) {
  const echo = !field.secret && refusal.echo !== false && value !== '';
  const shown = echo ? ` (got ${quote(value)})` : '';

  return new CliError({
    code: refusal.code ?? 'invalid_value',
    message: `The ${field.label} (${field.source}) ${refusal.reason}${shown}.`,
    hint: refusal.hint,
    field: field.name,
  });
}

function parseField(field: Field, schema: StringSchema, raw: string): string {
  const value = cleanPastedValue(raw);
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  throw refusalError(field, value, refusalOf(result.error));
}

/**
 * Cleans a value the way a paste needs, then checks it. Returns the value
 * to use (a base URL reduced to its origin); throws a CliError
 * (`invalid_value` or `host_not_allowed`, `field` = name) that names the
 * value and its flag or variable, and never quotes a secret. With
 * `apiVersion`, a base URL must be a host of that API; without, of either.
 */
export function parseValue(
  name: ValueName,
  raw: string,
  policy: HostPolicy,
  apiVersion?: ApiVersion,
): string {
  const schema = schemaFor(name, policy, apiVersion);
  return parseField(fieldFor(name), schema, raw);
}

/** parseValue for prompt validators: the same message, returned not thrown. */
export function checkValue(
  name: ValueName,
  raw: string,
  policy: HostPolicy,
  apiVersion?: ApiVersion,
): { ok: true; value: string } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseValue(name, raw, policy, apiVersion) };
  } catch (error) {
    if (error instanceof CliError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Checks the five API 1.0 values at once, stopping at the first refused;
 * the base URL must be an API 1.0 host. A value still missing is a
 * `missing_value` naming what supplies it.
 */
export function parseCredentials(
  values: RawValues,
  policy: HostPolicy,
): MimecastCredentials {
  const parse = requiredParser(values, policy, '1.0');
  return {
    appId: parse('appId'),
    appKey: parse('appKey'),
    accessKey: parse('accessKey'),
    secretKey: parse('secretKey'),
    baseUrl: parse('baseUrl'),
  };
}

/**
 * Checks the three API 2.0 values as parseCredentials does the five 1.0
 * ones; the base URL must be an API 2.0 host.
 */
export function parseApi2Credentials(
  values: RawValues,
  policy: HostPolicy,
): Api2Credentials {
  const parse = requiredParser(values, policy, '2.0');
  return {
    clientId: parse('clientId'),
    clientSecret: parse('clientSecret'),
    baseUrl: parse('baseUrl'),
  };
}

function requiredParser(
  values: RawValues,
  policy: HostPolicy,
  apiVersion: ApiVersion,
): (name: ValueName) => string {
  return (name) => {
    const raw = values[name];
    if (raw === undefined) throw missingValueError(name);
    return parseValue(name, raw, policy, apiVersion);
  };
}

const API1_KEYS = ['appId', 'appKey', 'accessKey', 'secretKey'] as const;
const API2_KEYS = ['clientId', 'clientSecret'] as const;

/**
 * Which API the values are for: 2.0 when any of the Client ID and Secret
 * is there, 1.0 when any of the four 1.0 keys is. Undefined when values of
 * both APIs, or of neither, are there; the caller then has to ask.
 */
export function inferApiVersion(values: RawValues): ApiVersion | undefined {
  const has = (name: ValueName) => values[name] !== undefined;
  const api1 = API1_KEYS.some(has);
  const api2 = API2_KEYS.some(has);

  if (api1 === api2) return undefined;
  return api2 ? '2.0' : '1.0';
}

function missingValueError(name: ValueName): CliError {
  return new CliError({
    code: 'missing_value',
    message: `The ${VALUE_LABELS[name]} is missing.`,
    hint: `${howToGive(name)} to the ${VALUE_LABELS[name]}, or include it in the JSON read by --credentials-stdin.`,
    field: name,
  });
}

const DOMAIN_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(`^[^\\s@]+@(?:${DOMAIN_LABEL}\\.)+\\p{L}{2,}$`, 'u');

const emailSchema = z
  .string()
  .refine(
    (v) => v !== '',
    refuse({
      reason: 'is empty',
      hint: "Give the service account's address, such as xdr-siem@example.com.",
    }),
  )
  .refine(
    (v) => v.length <= 254 && EMAIL.test(v),
    refuse({
      reason: 'is not a plausible email address',
      hint: "Give the service account's full address, such as xdr-siem@example.com.",
    }),
  )
  .transform((v) => {
    const at = v.lastIndexOf('@');
    return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
  });

/**
 * Cleans and checks the service account's email address; returns it with
 * the domain lower-cased. Throws `invalid_value` with field `email`.
 */
export function parseEmail(raw: string): string {
  return parseField(EMAIL_FIELD, emailSchema, raw);
}

/**
 * Checks a discovery host override (MIMECAST_DISCOVERY_URL) by the base
 * URL's rules, with the global discovery host allowed as well.
 */
export function parseDiscoveryUrl(raw: string, policy: HostPolicy): string {
  const schema = urlSchema((text) =>
    normaliseMimecastUrl(text, policy, discoveryHost),
  );
  return parseField(DISCOVERY_FIELD, schema, raw);
}
