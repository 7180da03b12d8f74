import type { IncomingHttpHeaders } from 'node:http';
import type { FaultControls } from './faults.js';
import type { SimulatedTenant } from './tenant.js';

/** One request as the simulator's handlers see it, body read in full. */
export interface SimRequest {
  method: string;
  /** The path without any query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a handler answers; the server writes it after any delay. */
export type SimReply =
  | {
      kind: 'json';
      status: number;
      body: unknown;
      headers?: Record<string, string>;
    }
  | {
      kind: 'raw';
      status: number;
      body: Buffer | string;
      contentType: string;
      headers?: Record<string, string>;
    }
  | { kind: 'drop' };

/** What every handler may use: the tenant, the faults and the clock. */
export interface SimContext {
  tenant: SimulatedTenant;
  faults: FaultControls;
  /** The simulator's clock, including any clockOffsetMs fault. */
  now(): Date;
  /** The simulator's own origin, `http://127.0.0.1:<port>`. */
  url: string;
}

/** One error entry of a Mimecast `fail` list. */
export interface FailError {
  code: string;
  message: string;
  retryable?: boolean;
}

/** A JSON answer. */
export function jsonReply(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SimReply {
  return headers
    ? { kind: 'json', status, body, headers }
    : { kind: 'json', status, body };
}

/** A Mimecast envelope carrying data and no failure. */
export function dataReply(
  data: unknown[],
  meta: Record<string, unknown> = {},
): SimReply {
  return jsonReply(200, { meta: { status: 200, ...meta }, data, fail: [] });
}

/** Extras of a failure envelope. */
export interface FailOptions {
  /** The request item the failure is about. */
  key?: unknown;
  headers?: Record<string, string>;
}

/**
 * A Mimecast envelope carrying one failure. `meta.status` repeats the HTTP
 * status, as the service does.
 */
export function failReply(
  status: number,
  error: FailError,
  options: FailOptions = {},
): SimReply {
  const errors = [{ retryable: false, ...error }];
  const body = {
    meta: { status },
    data: [],
    fail: [{ key: options.key ?? {}, errors }],
  };
  return jsonReply(status, body, options.headers);
}

/** Reads a header that may have arrived more than once. */
export function headerValue(
  headers: IncomingHttpHeaders,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a JSON body; undefined when it is empty or not JSON. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
