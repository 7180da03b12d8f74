/** The global host that answers discover-authentication, and little else. */
export const DISCOVERY_URL = 'https://api.mimecast.com';

/** One regional API 1.0 host, as offered when discovery cannot tell. */
export interface RegionalHost {
  /** Short code, as `get-account` reports it: `eu`, `us`, ... */
  region: string;
  /** The region in words, for pickers and messages. */
  label: string;
  /** The origin every call of this region goes to. */
  baseUrl: string;
  /** How account codes hosted in this region start, such as `CUK`. */
  accountPrefix?: string;
}

/** Mimecast's regional API 1.0 hosts. Discovery's answer is preferred. */
export const REGIONAL_HOSTS: readonly RegionalHost[] = [
  {
    region: 'eu',
    label: 'Europe (excluding Germany)',
    baseUrl: 'https://eu-api.mimecast.com',
    accountPrefix: 'CUK',
  },
  {
    region: 'de',
    label: 'Germany',
    baseUrl: 'https://de-api.mimecast.com',
    accountPrefix: 'CDE',
  },
  {
    region: 'us',
    label: 'United States',
    baseUrl: 'https://us-api.mimecast.com',
    accountPrefix: 'CUSA',
  },
  {
    region: 'usb',
    label: 'United States (B grid)',
    baseUrl: 'https://usb-api.mimecast.com',
    accountPrefix: 'CUSB',
  },
  {
    region: 'ca',
    label: 'Canada',
    baseUrl: 'https://ca-api.mimecast.com',
    accountPrefix: 'CCA',
  },
  {
    region: 'za',
    label: 'South Africa',
    baseUrl: 'https://za-api.mimecast.com',
    accountPrefix: 'CSA',
  },
  {
    region: 'au',
    label: 'Australia',
    baseUrl: 'https://au-api.mimecast.com',
    accountPrefix: 'CAU',
  },
  {
    region: 'je',
    label: 'Offshore (Jersey)',
    baseUrl: 'https://je-api.mimecast.com',
  },
  // Sources disagree on the Jersey host name, so both spellings are kept.
  {
    region: 'jer',
    label: 'Offshore (Jersey, alternative host name)',
    baseUrl: 'https://jer-api.mimecast.com',
  },
  {
    region: 'uspcom',
    label: 'United States public sector',
    baseUrl: 'https://uspcom-api.mimecast-pscom-us.com',
  },
  {
    region: 'sandbox',
    label: 'Sandbox',
    baseUrl: 'https://sandbox-api.mimecast.com',
  },
];

/** API 2.0 origins: the global one that fails over, and the pinned ones. */
export const API2_BASE_URLS: readonly string[] = [
  'https://api.services.mimecast.com',
  'https://uk-api.services.mimecast.com',
  'https://us-api.services.mimecast.com',
];

function hostOf(url: string): string {
  return new URL(url).hostname;
}

const REGIONAL_HOSTNAMES = new Set(
  REGIONAL_HOSTS.map((host) => hostOf(host.baseUrl)),
);
const API2_HOSTNAMES = new Set(API2_BASE_URLS.map(hostOf));
const DISCOVERY_HOSTNAME = hostOf(DISCOVERY_URL);

/**
 * True when a base URL may point at this host: a regional API 1.0 host or
 * an API 2.0 host. The discovery host is not one; see isMimecastApiHost.
 */
export function isMimecastBaseHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return REGIONAL_HOSTNAMES.has(host) || API2_HOSTNAMES.has(host);
}

/** True for any host Mimecast serves its API on, discovery included. */
export function isMimecastApiHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === DISCOVERY_HOSTNAME || isMimecastBaseHost(host);
}

/** The regional host a base URL points at, if it is one of the table's. */
export function regionForBaseUrl(baseUrl: string): RegionalHost | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }

  if (url.protocol !== 'https:' || url.port !== '') return undefined;
  return REGIONAL_HOSTS.find((h) => hostOf(h.baseUrl) === url.hostname);
}

/**
 * The region hosting an account, from its code's prefix (`CUSA…` is the
 * United States). The longest matching prefix wins.
 */
export function regionForAccountCode(code: string): RegionalHost | undefined {
  const upper = code.trim().toUpperCase();
  const matches = REGIONAL_HOSTS.filter(
    (host) => host.accountPrefix && upper.startsWith(host.accountPrefix),
  );

  const prefixLength = (host: RegionalHost) => host.accountPrefix?.length ?? 0;
  return matches.sort((a, b) => prefixLength(b) - prefixLength(a))[0];
}
