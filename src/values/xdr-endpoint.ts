import {
  ALLOWED_HOSTS_ENV,
  checkLoopback,
  isLoopbackHostname,
} from './host-policy.js';
import type { HostPolicy } from './host-policy.js';
import { quote } from './refusal.js';
import type { Refusal } from './refusal.js';
import { checkUrlShape, parseUrl } from './url-shape.js';

/** Checks the XDR endpoint: any public https URL, path included. */
export function normaliseXdrEndpoint(
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
