import type { ServerResponse } from 'node:http';
import type { SimReply } from './reply.js';

/** How a reply goes out, beyond what the handler decided. */
export interface WriteOptions {
  /** Headers every answer of this kind carries (Date, X-RateLimit-*). */
  headers: Record<string, string>;
  /** Send only the first half of a JSON body, as a cut connection would. */
  truncate: boolean;
}

/**
 * Writes a reply, or destroys the socket for a dropped one. Returns the
 * status sent, or undefined when nothing was.
 */
export function writeReply(
  response: ServerResponse,
  reply: SimReply,
  options: WriteOptions,
): number | undefined {
  if (reply.kind === 'drop' || response.destroyed) {
    response.socket?.destroy();
    return undefined;
  }

  const { body, contentType } = encodeBody(reply, options.truncate);
  response.writeHead(reply.status, {
    ...options.headers,
    ...reply.headers,
    'Content-Type': contentType,
    'Content-Length': String(body.length),
  });
  response.end(body);
  return reply.status;
}

/** The 503 page a load balancer in front of the API might send. */
export function serviceUnavailablePage(): SimReply {
  const body = [
    '<!DOCTYPE html>',
    '<html><head><title>503 Service Unavailable</title></head>',
    '<body><h1>Service Unavailable</h1>',
    '<p>The server is temporarily unable to service your request.</p>',
    '</body></html>',
  ].join('\n');
  return { kind: 'raw', status: 503, body, contentType: 'text/html' };
}

function encodeBody(
  reply: Exclude<SimReply, { kind: 'drop' }>,
  truncate: boolean,
): { body: Buffer; contentType: string } {
  if (reply.kind === 'raw') {
    const body = Buffer.from(reply.body);
    return { body, contentType: reply.contentType };
  }

  const text = JSON.stringify(reply.body);
  const sent = truncate ? text.slice(0, Math.floor(text.length / 2)) : text;
  return {
    body: Buffer.from(sent, 'utf8'),
    contentType: 'application/json; charset=utf-8',
  };
}
