import { timingSafeEqual } from 'node:crypto';
import type { FaultControls } from './faults.js';
import { headerValue, jsonReply, parseJsonBody } from './reply.js';
import type { SimReply, SimRequest } from './reply.js';

/** Where the simulated XDR takes pushes, on the simulator's origin. */
export const XDR_PATH = '/xdr/integrations/mimecast';

/**
 * The body of a push the receiver accepted: the API 1.0 fields when
 * `apiVersion` is "1.0", the API 2.0 ones when it is "2.0".
 */
export interface XdrPushBody {
  integration: 'mimecast';
  apiVersion: '1.0' | '2.0';
  baseUrl: string;
  applicationId?: string;
  applicationKey?: string;
  accessKey?: string;
  secretKey?: string;
  clientId?: string;
  clientSecret?: string;
}

/** A push the receiver accepted and saved. */
export interface RecordedPush {
  /** ISO 8601, from the machine's clock. */
  receivedAt: string;
  body: XdrPushBody;
}

type PushField = keyof XdrPushBody;

/** The fields each API version's push must carry, in the order checked. */
const REQUIRED_FIELDS = new Map<string, readonly PushField[]>([
  [
    '1.0',
    ['applicationId', 'applicationKey', 'accessKey', 'secretKey', 'baseUrl'],
  ],
  ['2.0', ['clientId', 'clientSecret', 'baseUrl']],
]);

/** Input to handleXdrPush. */
export interface XdrReceiverOptions {
  token: string;
  faults: FaultControls;
  pushes: RecordedPush[];
}

/**
 * Answers a push: injected faults first, then the bearer token, then the
 * body. An accepted push is appended to `pushes`.
 */
export function handleXdrPush(
  request: SimRequest,
  options: XdrReceiverOptions,
): SimReply {
  const fault = injectedXdrFault(request.path, options.faults);
  if (fault) return fault;

  if (request.method !== 'PUT') {
    return jsonReply(405, { error: 'Use PUT' }, { Allow: 'PUT' });
  }
  if (!hasBearerToken(request, options.token)) {
    return jsonReply(401, { error: 'Missing or invalid API token' });
  }

  const body = parseJsonBody(request.body);
  const problem = findBodyProblem(body);
  if (problem) return jsonReply(problem.status, { error: problem.message });

  options.pushes.push({
    receivedAt: new Date().toISOString(),
    body: body as XdrPushBody,
  });
  return jsonReply(200, { status: 'saved' });
}

function injectedXdrFault(
  path: string,
  faults: FaultControls,
): SimReply | undefined {
  if (faults.take('xdrDrop', path)) return { kind: 'drop' };
  if (faults.take('xdrDown', path)) {
    return jsonReply(503, { error: 'XDR is temporarily unavailable' });
  }

  const reject = faults.take('xdrReject', path);
  if (!reject) return undefined;
  const message = reject.message ?? 'The integration was rejected';
  return jsonReply(reject.status ?? 422, { error: message });
}

function hasBearerToken(request: SimRequest, token: string): boolean {
  const header = headerValue(request.headers, 'authorization') ?? '';
  const given = Buffer.from(header);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function findBodyProblem(
  body: unknown,
): { status: number; message: string } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 422, message: 'The body must be a JSON object' };
  }

  const fields = body as Record<string, unknown>;
  const missing = (field: string) => {
    const value = fields[field];
    return typeof value !== 'string' || value.trim() === '';
  };
  const unprocessable = (message: string) => ({ status: 422, message });

  if (missing('integration')) return unprocessable('integration is required');
  if (fields.integration !== 'mimecast') {
    return unprocessable('integration must be "mimecast"');
  }
  if (missing('apiVersion')) return unprocessable('apiVersion is required');

  const required = REQUIRED_FIELDS.get(String(fields.apiVersion));
  if (!required) return unprocessable('apiVersion must be "1.0" or "2.0"');
  const absent = required.find(missing);
  return absent ? unprocessable(`${absent} is required`) : undefined;
}
