import { CliError } from '../errors.js';
import { quote } from './refusal.js';
import type { Refusal } from './refusal.js';
import { tryParseUrl } from './url-shape.js';

/** The variable listing loopback servers that tests and `--demo` may use. */
export const ALLOWED_HOSTS_ENV = 'MIMECAST_XDR_ALLOWED_HOSTS';

/**
 * Which loopback servers a URL may point at. Entries read `host:port`, as
 * `127.0.0.1:4010`, `localhost:4010` or `[::1]:4010`; real hosts need none.
 */
export interface HostPolicy {
  allowedLoopback: ReadonlySet<string>;
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

/** `hostname:port` with the port spelled out, as policy entries read. */
function hostKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

/** True for `localhost`, `[::1]` and any 127.x.x.x address. */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** Allows a loopback host only when the policy lists its host:port. */
export function checkLoopback(
  url: URL,
  policy: HostPolicy,
): Refusal | undefined {
  const key = hostKey(url);
  if (policy.allowedLoopback.has(key)) return undefined;

  return {
    code: 'host_not_allowed',
    reason: `points at the loopback server ${key}, which is not allowed`,
    hint: `Loopback servers are for tests and --demo: list ${key} in ${ALLOWED_HOSTS_ENV} to use it.`,
    echo: false,
  };
}
