import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DebugLog } from '../terminal/debug-log.js';
import { MimecastTransport } from './client.js';
import { formatMimecastDate } from './signing.js';

/** The discovery call's path, on the global discovery host. */
export const DISCOVERY_PATH = '/api/login/discover-authentication';

/** Inputs of discoverAuthentication. */
export interface DiscoverAuthenticationOptions {
  /** The global host, `https://api.mimecast.com` unless overridden. */
  discoveryUrl: string;
  appId: string;
  /** The service account's email address. */
  email: string;
  timeoutMs: number;
  log?: DebugLog;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Where an address's account lives and how it may log in. */
export interface DiscoveredAuthentication {
  /** The regional API origin; undefined when Mimecast knows no such user. */
  baseUrl?: string;
  /** The region's code, when Mimecast names it. */
  region?: string;
  /** The accepted login types, such as `Basic-Cloud` and `Basic-AD`. */
  loginTypes: string[];
}

const regionSchema = z.looseObject({
  api: z.string().optional().catch(undefined),
  code: z.string().optional().catch(undefined),
});

const discoverySchema = z.looseObject({
  region: regionSchema.optional().catch(undefined),
  authenticate: z.array(z.string()).optional().catch(undefined),
});

/**
 * Asks Mimecast which regional host serves an email address's account.
 * The call is unsigned: it needs only the Application ID. Failures throw
 * the same classified CliErrors as signed calls.
 */
export async function discoverAuthentication(
  options: DiscoverAuthenticationOptions,
): Promise<DiscoveredAuthentication> {
  const transport = new MimecastTransport({
    ...options,
    baseUrl: options.discoveryUrl,
  });
  const response = await transport.request({
    path: DISCOVERY_PATH,
    body: { data: [{ emailAddress: options.email }] },
    headers: (now) => unsignedHeaders(options.appId, now),
  });

  const parsed = discoverySchema.safeParse(response.envelope?.data[0]);
  return readDiscovery(parsed.success ? parsed.data : {});
}

/** The `x-mc-*` headers of a call made before there are keys. */
export function unsignedHeaders(
  appId: string,
  now: Date,
): Record<string, string> {
  return {
    'x-mc-app-id': appId,
    'x-mc-date': formatMimecastDate(now),
    'x-mc-req-id': randomUUID(),
    'Content-Type': 'application/json',
  };
}

function readDiscovery(
  item: z.infer<typeof discoverySchema>,
): DiscoveredAuthentication {
  const result: DiscoveredAuthentication = {
    loginTypes: item.authenticate ?? [],
  };
  const api = item.region?.api?.trim().replace(/\/+$/, '');
  if (api) result.baseUrl = api;
  if (item.region?.code) result.region = item.region.code;
  return result;
}
