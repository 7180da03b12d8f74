import { z } from 'zod';
import type { Api2Credentials } from '../credentials.js';
import { CliError } from '../errors.js';
import { silentLog } from '../terminal/debug-log.js';
import type { DebugLog } from '../terminal/debug-log.js';
import { classifyTokenFailure } from './classify.js';
import { MimecastTransport } from './client.js';
import type { MimecastTransportOptions, RawAnswer } from './client.js';
import { describeNonJson } from './envelope.js';

/** Where an API 2.0 application trades its Client ID and Secret. */
export const TOKEN_PATH = '/oauth/token';

/** A token is fetched again this long before it runs out. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Inputs of an OAuthTokenSource. */
export interface TokenSourceOptions
  extends Omit<MimecastTransportOptions, 'baseUrl'> {
  credentials: Api2Credentials;
}

/** Hands out bearer tokens; the API 2.0 client's view of a token source. */
export interface TokenSource {
  /** A token that is good for at least another minute. */
  getToken(): Promise<string>;
  /**
   * Forgets the token in hand, so the next getToken fetches anew. Given
   * the token a call was refused with, forgets only that one: a token
   * fetched meanwhile by a concurrent call stays.
   */
  invalidate(refused?: string): void;
}

interface HeldToken {
  value: string;
  /** Epoch milliseconds after which it is fetched again. */
  renewAt: number;
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

/** An OAuth error code, or a gateway fault code such as `oauth.v2.X`. */
const REASON_SHAPE = /^(?:[a-z_]{3,40}|[a-z]\w*(?:\.[\w-]+){1,5})$/i;

/**
 * The client-credentials token source of one API 2.0 application. The
 * token lives in memory only, is reused until a minute before it expires,
 * and concurrent callers wait for the same fetch.
 */
export class OAuthTokenSource implements TokenSource {
  private readonly transport: MimecastTransport;
  private readonly credentials: Api2Credentials;
  private readonly now: () => Date;
  private readonly log: DebugLog;
  private held: HeldToken | undefined;
  private pending: Promise<HeldToken> | undefined;

  constructor(options: TokenSourceOptions) {
    this.credentials = options.credentials;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? silentLog;
    this.transport = new MimecastTransport({
      ...options,
      baseUrl: options.credentials.baseUrl,
    });
  }

  async getToken(): Promise<string> {
    const held = this.held;
    if (held && this.now().getTime() < held.renewAt) return held.value;

    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).value;
  }

  invalidate(refused?: string): void {
    if (refused === undefined || this.held?.value === refused) {
      this.held = undefined;
    }
  }

  private async fetchToken(): Promise<HeldToken> {
    this.log(`Fetching an API 2.0 access token (POST ${TOKEN_PATH})`);
    const sentAt = this.now().getTime();
    const answer = await this.transport.exchange({
      path: TOKEN_PATH,
      body: this.formBody(),
      headers: () => ({
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      }),
    });

    const { token, lifetimeMs } = readTokenAnswer(answer, this.credentials);
    this.log(`Got an access token valid for ${lifetimeMs / 1000} s`);
    this.held = { value: token, renewAt: sentAt + reuseWindowMs(lifetimeMs) };
    return this.held;
  }

  private formBody(): string {
    return new URLSearchParams({
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      grant_type: 'client_credentials',
    }).toString();
  }
}

/**
 * How long a token is used: until a minute before it expires, or, for a
 * token that lives less than two minutes, half its life.
 */
function reuseWindowMs(lifetimeMs: number): number {
  return Math.max(lifetimeMs - TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2);
}

function readTokenAnswer(
  answer: RawAnswer,
  credentials: Api2Credentials,
): { token: string; lifetimeMs: number } {
  const text = answer.body.toString('utf8');
  const json = parseJson(text);
  if (answer.status < 200 || answer.status > 299) {
    const reason = refusalReason(json, credentials);
    throw classifyTokenFailure(answer.status, reason);
  }

  const parsed = tokenAnswerSchema.safeParse(json);
  if (!parsed.success) throw unreadableTokenAnswer(text, json);
  return {
    token: parsed.data.access_token,
    lifetimeMs: parsed.data.expires_in * 1000,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The OAuth `error` of a refusal, or the gateway's fault code. Only a
 * code-like word is kept, and never one holding a value that was sent: an
 * answer may echo the request.
 */
function refusalReason(
  json: unknown,
  credentials: Api2Credentials,
): string | undefined {
  const body = z
    .object({
      error: z.string().optional().catch(undefined),
      fault: z
        .object({ detail: z.object({ errorcode: z.string() }) })
        .optional()
        .catch(undefined),
    })
    .safeParse(json);
  if (!body.success) return undefined;

  const reason = body.data.error ?? body.data.fault?.detail.errorcode;
  if (reason === undefined || !REASON_SHAPE.test(reason)) return undefined;

  const sent = [credentials.clientId, credentials.clientSecret];
  return sent.some((value) => reason.includes(value)) ? undefined : reason;
}

function unreadableTokenAnswer(text: string, json: unknown): CliError {
  const what =
    json === undefined
      ? describeNonJson(text)
      : 'JSON without an access token and its lifetime';
  return new CliError({
    code: 'server_error',
    message: `Mimecast's answer to the token request could not be used: it was ${what}.`,
    hint: 'Try again in a few minutes. If it keeps happening, check that the base URL is one of the API 2.0 hosts and that no proxy rewrites HTTPS traffic to it.',
  });
}
