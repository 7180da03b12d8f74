import { axios } from '../net/axios.js';
import { isApi2Credentials } from '../credentials.js';
import type {
  Api2Credentials,
  MimecastCredentials,
  XdrTarget,
} from '../credentials.js';
import { CliError } from '../errors.js';
import {
  networkErrorCode,
  normaliseHeaders,
  sendWithRetry,
} from '../net/retry.js';
import type { HttpAnswer } from '../net/retry.js';
import { describeNetworkError } from '../mimecast/classify.js';
import { silentLog } from '../terminal/debug-log.js';
import { createRedactor } from '../terminal/redact.js';
import type { DebugLog } from '../terminal/debug-log.js';

/** Inputs of pushToXdr. */
export interface PushToXdrOptions {
  target: XdrTarget;
  /** The API 1.0 keys or the API 2.0 application, told apart by fields. */
  credentials: MimecastCredentials | Api2Credentials;
  /** The time limit of each attempt. */
  timeoutMs: number;
  /** Receives one line per attempt; never the body or the token. */
  log?: DebugLog;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The body XDR's Mimecast integration expects for API 1.0 keys. */
export interface Api1PushBody {
  integration: 'mimecast';
  apiVersion: '1.0';
  applicationId: string;
  applicationKey: string;
  accessKey: string;
  secretKey: string;
  baseUrl: string;
}

/** The body XDR's Mimecast integration expects for an API 2.0 application. */
export interface Api2PushBody {
  integration: 'mimecast';
  apiVersion: '2.0';
  clientId: string;
  clientSecret: string;
  baseUrl: string;
}

/** The body of a push, by API version. */
export type XdrPushBody = Api1PushBody | Api2PushBody;

const MAX_MESSAGE_LENGTH = 200;
const TOKEN_HINT =
  'Check the XDR API token (MIMECAST_XDR_TOKEN): copy it again from the XDR dashboard, make sure it belongs to this endpoint and has not been revoked, then run `mimecast-xdr push`.';

interface PushAnswer extends HttpAnswer {
  body: Buffer;
}

/**
 * Sends the Mimecast values (the five of API 1.0, or the three of API 2.0)
 * to the XDR endpoint, retried like Mimecast calls.
 * Throws xdr_unauthorized (401, 403), xdr_rejected (another 4xx) or
 * xdr_unreachable (no answer, or a server fault after the retries).
 */
export async function pushToXdr(
  options: PushToXdrOptions,
): Promise<{ status: number }> {
  const where = describeEndpoint(options.target.endpoint);
  const send = createSender(options, where);

  const answer = await sendAll(send, where, options);
  return judgeAnswer(answer, where, secretsOf(options));
}

/** One attempt of the push per call; each logs its outcome. */
function createSender(
  options: PushToXdrOptions,
  where: string,
): (attempt: number) => Promise<PushAnswer> {
  const log = options.log ?? silentLog;
  const body = JSON.stringify(buildPushBody(options.credentials));
  const headers = {
    Authorization: `Bearer ${options.target.token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  const http = axios.create({
    timeout: options.timeoutMs,
    validateStatus: () => true,
    responseType: 'arraybuffer',
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
  });

  return async (attempt) => {
    const label = `PUT ${where} (attempt ${attempt})`;
    try {
      const answer = await http.put(options.target.endpoint, body, { headers });
      log(`${label}: HTTP ${answer.status}`);
      return toAnswer(answer.status, answer.headers, answer.data);
    } catch (error) {
      log(`${label}: no answer (${networkErrorCode(error) ?? 'unknown'})`);
      throw error;
    }
  };
}

/** The JSON body of a push; its `apiVersion` follows the values given. */
export function buildPushBody(
  credentials: MimecastCredentials | Api2Credentials,
): XdrPushBody {
  if (isApi2Credentials(credentials)) {
    return {
      integration: 'mimecast',
      apiVersion: '2.0',
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      baseUrl: credentials.baseUrl,
    };
  }
  return {
    integration: 'mimecast',
    apiVersion: '1.0',
    applicationId: credentials.appId,
    applicationKey: credentials.appKey,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    baseUrl: credentials.baseUrl,
  };
}

async function sendAll(
  send: (attempt: number) => Promise<PushAnswer>,
  where: string,
  options: PushToXdrOptions,
): Promise<PushAnswer> {
  try {
    return await sendWithRetry(send, {
      label: `PUT ${where}`,
      ...(options.log ? { log: options.log } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  } catch (error) {
    if (!axios.isAxiosError(error)) throw error;
    throw unreachable(`no answer came: ${describeNetworkError(error)}`, where);
  }
}

function judgeAnswer(
  answer: PushAnswer,
  where: string,
  secrets: string[],
): { status: number } {
  const { status } = answer;
  if (status >= 200 && status <= 299) return { status };

  if (status === 401 || status === 403) {
    throw new CliError({
      code: 'xdr_unauthorized',
      message: `XDR at ${where} refused the API token (HTTP ${status}).`,
      hint: TOKEN_HINT,
    });
  }
  if (status >= 500) {
    throw unreachable(`it answered HTTP ${status} each time`, where);
  }

  const said = serverMessage(answer.body, secrets);
  throw new CliError({
    code: 'xdr_rejected',
    message: `XDR at ${where} rejected the values (HTTP ${status})${said ? `: ${said}` : '.'}`,
    hint: 'Check what XDR objected to, correct that value (run `mimecast-xdr test` to recheck the Mimecast side), then run `mimecast-xdr push` again.',
  });
}

function unreachable(reason: string, where: string): CliError {
  return new CliError({
    code: 'xdr_unreachable',
    message: `Could not push to XDR at ${where}: ${reason}.`,
    hint: 'Check the XDR endpoint (MIMECAST_XDR_ENDPOINT or --xdr-endpoint) and the network, then run `mimecast-xdr push` again; the stored values are kept.',
  });
}

/**
 * The reason the server gave, safe to show: from a JSON `message`, `error`
 * or `detail` field or else the text, with control characters removed, any
 * pushed secret blotted out, and at most 200 characters.
 */
export function serverMessage(body: Buffer, secrets: string[]): string {
  const text = body.toString('utf8');
  let said = text;
  try {
    said = pickMessage(JSON.parse(text)) ?? '';
  } catch {
    // Not JSON: the text itself is the message.
  }

  const redact = createRedactor(secrets);
  const clean = redact(said.replace(/[\p{Cc}\p{Cf}]+/gu, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_MESSAGE_LENGTH
    ? `${clean.slice(0, MAX_MESSAGE_LENGTH - 3)}...`
    : clean;
}

function pickMessage(json: unknown): string | undefined {
  if (typeof json === 'string') return json;
  if (typeof json !== 'object' || json === null) return undefined;

  const record = json as Record<string, unknown>;
  for (const key of ['message', 'error', 'detail', 'title']) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null) return pickMessage(value);
  }
  return undefined;
}

function secretsOf(options: PushToXdrOptions): string[] {
  const { credentials, target } = options;
  if (isApi2Credentials(credentials)) {
    return [credentials.clientSecret, target.token];
  }
  const { appKey, accessKey, secretKey } = credentials;
  return [appKey, accessKey, secretKey, target.token];
}

/** The endpoint without any query string or credentials, for messages. */
function describeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'the configured endpoint';
  }
}

function toAnswer(status: number, headers: unknown, data: unknown): PushAnswer {
  const body = Buffer.isBuffer(data) ? data : Buffer.from('');
  return { status, headers: normaliseHeaders(headers), body };
}
