import type { ApiVersion } from '../credentials.js';
import {
  API2_BASE_URLS,
  DISCOVERY_URL,
  REGIONAL_HOSTS,
  isMimecastApiHost,
  isMimecastBaseHost,
} from '../mimecast/hosts.js';
import {
  ALLOWED_HOSTS_ENV,
  checkLoopback,
  isLoopbackHostname,
} from './host-policy.js';
import type { HostPolicy } from './host-policy.js';
import { quote } from './refusal.js';
import type { Refusal } from './refusal.js';
import { checkUrlShape, parseUrl } from './url-shape.js';

const MIMECAST_ORIGINS = REGIONAL_HOSTS.map((host) => host.baseUrl).join(', ');
const API2_ORIGINS = API2_BASE_URLS.join(', ');
const API2_HOSTNAMES: ReadonlySet<string> = new Set(
  API2_BASE_URLS.map((origin) => new URL(origin).hostname),
);
const DISCOVERY_HOSTNAME = new URL(DISCOVERY_URL).hostname;

/** Decides whether a Mimecast URL may name a host: a refusal, or none. */
export type HostRule = (hostname: string) => Refusal | undefined;

/** A base URL whose API is not known yet: any 1.0 or 2.0 host. */
export const anyBaseHost: HostRule = (hostname) =>
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

/** A discovery URL: any Mimecast API host, the global one included. */
export const discoveryHost: HostRule = (hostname) =>
  isMimecastApiHost(hostname) ? undefined : unknownHostRefusal(hostname);

/** The base URL's host rule once the API it is for is known. */
export const BASE_HOST_RULES: Record<ApiVersion, HostRule> = {
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
export function normaliseMimecastUrl(
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
