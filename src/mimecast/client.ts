import { axios } from '../net/axios.js';
import type { AxiosInstance } from 'axios';
import type { MimecastCredentials } from '../credentials.js';
import { CliError, isCliError } from '../errors.js';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  networkErrorCode,
  normaliseHeaders,
  sendWithRetry,
  sleepFor,
} from '../net/retry.js';
import type { HttpAnswer } from '../net/retry.js';
import { silentLog } from '../terminal/debug-log.js';
import type { DebugLog } from '../terminal/debug-log.js';
import { classifyResponse, unreachableError } from './classify.js';
import type { ResponseFacts } from './classify.js';
import { parseEnvelope } from './envelope.js';
import type { Envelope } from './envelope.js';
import { signedHeaders } from './signing.js';

/** What every exchange with a Mimecast host needs. */
export interface MimecastTransportOptions {
  /** The origin requests go to, such as `https://eu-api.mimecast.com`. */
  baseUrl: string;
  /** The time limit of each attempt. */
  timeoutMs: number;
  /** Receives one line per attempt and per wait; never a secret. */
  log?: DebugLog;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Inputs of a MimecastClient. */
export interface MimecastClientOptions
  extends Omit<MimecastTransportOptions, 'baseUrl'> {
  credentials: MimecastCredentials;
}

/** A successful answer, after the retries. */
export interface MimecastResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The parsed body, unless the answer was a file. */
  envelope?: Envelope;
  /** The body of a file answer (`application/octet-stream`). */
  binary?: Buffer;
}

/** One POST, its body already encoded, as the transport sends it. */
export interface MimecastExchange {
  path: string;
  /** Sent as it is. */
  body: string;
  /** Called once per attempt, so each attempt has its own date and id. */
  headers: (now: Date) => Record<string, string>;
  /**
   * False for a request that must not run twice: it is then retried only
   * after a 429, which Mimecast answers without executing the call.
   */
  idempotent?: boolean;
}

/** One API request: its path, its JSON body and each attempt's headers. */
export interface MimecastRequest extends Omit<MimecastExchange, 'body'> {
  /** Sent as JSON: `{"data": [...]}`. */
  body: unknown;
  /** Decides which answers are failures; `classifyResponse` by default. */
  classify?: (facts: ResponseFacts) => CliError | undefined;
}

/** The answer to an exchange, after the retries, body unread. */
export interface RawAnswer extends HttpAnswer {
  body: Buffer;
}

const ONLY_UNEXECUTED = {
  retryStatus: (status: number) => status === 429,
  retryError: () => false,
};

/**
 * Sends requests to one Mimecast host: POST, retried as the API asks, each
 * answer turned into a response or one classified CliError. API 1.0, the
 * API 2.0 token endpoint and API 2.0 calls all go through it.
 */
export class MimecastTransport {
  private readonly http: AxiosInstance;
  private readonly baseUrl: string;
  private readonly log: DebugLog;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: MimecastTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.log = options.log ?? silentLog;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
    this.http = createHttp(options.timeoutMs);
  }

  /**
   * Sends one request and returns its answer, or throws the CliError the
   * answer means. Mimecast sometimes refuses a good Application ID, so that
   * refusal is tried once more before it is believed.
   */
  async request(request: MimecastRequest): Promise<MimecastResponse> {
    try {
      return await this.requestOnce(request);
    } catch (error) {
      if (!isCliError(error) || error.code !== 'invalid_app_id') throw error;
      const waitMs = backoffDelayMs(2, DEFAULT_RETRY_POLICY, this.random);
      this.log(
        `POST ${request.path}: Mimecast refused the Application ID; ` +
          `trying once more in ${waitMs} ms`,
      );
      await this.sleep(waitMs);
      return this.requestOnce(request);
    }
  }

  /**
   * Sends one POST with the retries and returns the last answer, whatever
   * its status; throws `unreachable` when no answer came.
   */
  async exchange(exchange: MimecastExchange): Promise<RawAnswer> {
    try {
      return await sendWithRetry((attempt) => this.send(exchange, attempt), {
        label: `POST ${exchange.path}`,
        log: this.log,
        sleep: this.sleep,
        random: this.random,
        ...(exchange.idempotent === false ? ONLY_UNEXECUTED : {}),
      });
    } catch (error) {
      if (!axios.isAxiosError(error)) throw error;
      throw unreachableError(error, new URL(this.baseUrl).host);
    }
  }

  private async requestOnce(
    request: MimecastRequest,
  ): Promise<MimecastResponse> {
    const body = JSON.stringify(request.body);
    const raw = await this.exchange({ ...request, body });
    const { response, bodyError } = readAnswer(raw);
    const classify = request.classify ?? classifyResponse;

    const error = classify({ ...response, bodyError, now: this.now() });
    if (error) throw error;
    return response;
  }

  private async send(
    exchange: MimecastExchange,
    attempt: number,
  ): Promise<RawAnswer> {
    const started = Date.now();
    const label = `POST ${exchange.path} (attempt ${attempt})`;
    try {
      const answer = await this.http.post(
        this.baseUrl + exchange.path,
        exchange.body,
        { headers: exchange.headers(this.now()) },
      );
      this.log(`${label}: HTTP ${answer.status} in ${Date.now() - started} ms`);
      return toRawAnswer(answer.status, answer.headers, answer.data);
    } catch (error) {
      const code = networkErrorCode(error) ?? 'unknown error';
      const elapsed = Date.now() - started;
      this.log(`${label}: no answer (${code}) after ${elapsed} ms`);
      throw error;
    }
  }
}

/**
 * The signed API 1.0 client of one set of credentials. `post` throws a
 * classified CliError for every failure: invalid_signature, clock_skew,
 * invalid_app_id, keys_expired, permission_denied, rate_limited,
 * server_error or unreachable.
 */
export class MimecastClient {
  private readonly transport: MimecastTransport;
  private readonly credentials: MimecastCredentials;

  constructor(options: MimecastClientOptions) {
    this.credentials = options.credentials;
    this.transport = new MimecastTransport({
      ...options,
      baseUrl: options.credentials.baseUrl,
    });
  }

  /** POSTs `body` to `path`, signed anew on every attempt. */
  post(path: string, body: unknown): Promise<MimecastResponse> {
    return this.transport.request({
      path,
      body,
      headers: (now) => signedHeaders(this.credentials, path, now),
    });
  }
}

function createHttp(timeoutMs: number): AxiosInstance {
  return axios.create({
    timeout: timeoutMs,
    // Every status and every body is read here, not by axios.
    validateStatus: () => true,
    responseType: 'arraybuffer',
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
  });
}

function toRawAnswer(
  status: number,
  headers: unknown,
  data: unknown,
): RawAnswer {
  const body = Buffer.isBuffer(data)
    ? data
    : Buffer.from(typeof data === 'string' ? data : '');
  return { status, headers: normaliseHeaders(headers), body };
}

function readAnswer(raw: RawAnswer): {
  response: MimecastResponse;
  bodyError?: CliError;
} {
  const response: MimecastResponse = {
    status: raw.status,
    headers: raw.headers,
  };
  if (isFileAnswer(raw)) return { response: { ...response, binary: raw.body } };

  try {
    return { response: { ...response, envelope: parseEnvelope(raw.body) } };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { response, bodyError: error };
  }
}

/** The SIEM endpoint answers a log file instead of JSON when logs exist. */
function isFileAnswer(raw: RawAnswer): boolean {
  if (raw.status < 200 || raw.status > 299) return false;
  const type = raw.headers['content-type'] ?? '';
  if (type.startsWith('application/octet-stream')) return true;
  return raw.headers['mc-siem-token'] !== undefined && !type.includes('json');
}
