import type { IncomingHttpHeaders } from 'node:http';

/** One request the simulator received, for tests to assert on. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Epoch milliseconds from the machine's clock (not the simulator's). */
  receivedAt: number;
  /** When the answer was written or the socket dropped. */
  answeredAt?: number;
  /** The HTTP status sent; absent when the connection was dropped. */
  status?: number;
  dropped?: boolean;
  /** `MC`, `Basic-Cloud`, `Bearer`...: the scheme, never the credential. */
  authScheme?: string;
  /** Lower-cased names; Authorization is left out. */
  headers: Record<string, string>;
}

/** Records a request as it arrives, without its Authorization header. */
export function recordRequest(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
): RecordedRequest {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization' || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  const entry: RecordedRequest = {
    method,
    path,
    receivedAt: Date.now(),
    headers: kept,
  };
  const scheme = headers.authorization?.split(' ')[0];
  if (scheme) entry.authScheme = scheme;
  return entry;
}
