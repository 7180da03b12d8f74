import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Api2Credentials } from '../../src/credentials.js';
import {
  OAuthTokenSource,
  TOKEN_PATH,
} from '../../src/mimecast/oauth.js';
import type { TokenSourceOptions } from '../../src/mimecast/oauth.js';
import { failureOf } from '../helpers/failure.js';

const BASE = 'https://api.services.mimecast.com';
const CREDENTIALS: Api2Credentials = {
  clientId: 'client-id-0123',
  // Characters a form must encode, so a raw body would not match.
  clientSecret: 'se+cr/et&value=42',
  baseUrl: BASE,
};
const T0 = Date.parse('2025-07-01T12:00:00Z');

interface Harness {
  source: OAuthTokenSource;
  lines: string[];
  sleeps: number[];
  clock: { ms: number };
}

function createSource(extra: Partial<TokenSourceOptions> = {}): Harness {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const clock = { ms: T0 };
  const source = new OAuthTokenSource({
    credentials: CREDENTIALS,
    timeoutMs: 2_000,
    log: (line) => lines.push(line),
    sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    random: () => 0.5,
    now: () => new Date(clock.ms),
    ...extra,
  });
  return { source, lines, sleeps, clock };
}

interface SentForm {
  headers: Record<string, string>;
  body: string;
}

/** Answers the token endpoint once, recording what was sent. */
function answerToken(
  status: number,
  body: unknown,
  sent: SentForm[] = [],
): SentForm[] {
  nock(BASE)
    .post(TOKEN_PATH)
    .reply(function (_uri, requestBody) {
      const form = typeof requestBody === 'string' ? requestBody : '';
      sent.push({ headers: this.req.headers, body: form });
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return [status, text];
    });
  return sent;
}

function grant(token: string, expiresIn = 1799) {
  return { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('OAuthTokenSource', () => {
  it('posts the client credentials as a form', async () => {
    const sent = answerToken(200, grant('token-1'));
    const { source } = createSource();

    expect(await source.getToken()).toBe('token-1');

    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(sent[0]?.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(sent[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      client_id: CREDENTIALS.clientId,
      client_secret: CREDENTIALS.clientSecret,
      grant_type: 'client_credentials',
    });
  });

  it('reuses the token until a minute before it expires', async () => {
    const sent = answerToken(200, grant('token-1', 1799));
    const { source, clock } = createSource();

    await source.getToken();
    clock.ms = T0 + (1799 - 60) * 1000 - 1;
    expect(await source.getToken()).toBe('token-1');
    expect(sent).toHaveLength(1);

    answerToken(200, grant('token-2'), sent);
    clock.ms += 1;
    expect(await source.getToken()).toBe('token-2');
    expect(sent).toHaveLength(2);
  });

  it('uses a token of under two minutes for half its life', async () => {
    answerToken(200, grant('short', 60));
    const { source, clock } = createSource();

    await source.getToken();
    clock.ms = T0 + 29_999;
    expect(await source.getToken()).toBe('short');

    answerToken(200, grant('next', 60));
    clock.ms = T0 + 30_000;
    expect(await source.getToken()).toBe('next');
  });

  it('makes concurrent callers share one fetch', async () => {
    const sent = answerToken(200, grant('shared'));
    const { source } = createSource();

    const tokens = await Promise.all(
      Array.from({ length: 6 }, () => source.getToken()),
    );

    expect(tokens).toEqual(Array(6).fill('shared'));
    expect(sent).toHaveLength(1);
  });

  it('fetches anew after invalidate()', async () => {
    answerToken(200, grant('first'));
    answerToken(200, grant('second'));
    const { source } = createSource();

    await source.getToken();
    source.invalidate();

    expect(await source.getToken()).toBe('second');
  });

  it('keeps a newer token when told an older one was refused', async () => {
    answerToken(200, grant('old'));
    answerToken(200, grant('new'));
    const { source } = createSource();

    await source.getToken();
    source.invalidate('old');
    expect(await source.getToken()).toBe('new');
    source.invalidate('old');

    expect(await source.getToken()).toBe('new');
    expect(nock.isDone()).toBe(true);
  });

  it('accepts expires_in sent as a string', async () => {
    answerToken(200, { access_token: 'text', expires_in: '1799' });
    const { source } = createSource();

    expect(await source.getToken()).toBe('text');
  });

  it('retries a 503 and succeeds', async () => {
    nock(BASE).post(TOKEN_PATH).reply(503, 'busy');
    answerToken(200, grant('after-retry'));
    const { source, sleeps } = createSource();

    expect(await source.getToken()).toBe('after-retry');
    expect(sleeps).toHaveLength(1);
  });

  it('retries a reset connection', async () => {
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    nock(BASE).post(TOKEN_PATH).replyWithError(reset);
    answerToken(200, grant('after-reset'));
    const { source } = createSource();

    expect(await source.getToken()).toBe('after-reset');
  });

  it('does not keep a failed fetch', async () => {
    nock(BASE).post(TOKEN_PATH).times(3).reply(503, 'busy');
    answerToken(200, grant('later'));
    const { source } = createSource();

    const error = await failureOf(source.getToken());

    expect(error.code).toBe('server_error');
    expect(await source.getToken()).toBe('later');
  });

  it.each([
    ['401 invalid_client', 401, { error: 'invalid_client' }],
    ['400 invalid_client', 400, { error: 'invalid_client' }],
    ['400 unauthorized_client', 400, { error: 'unauthorized_client' }],
    ['401 without a body', 401, ''],
    [
      'a gateway fault',
      401,
      {
        fault: {
          faultstring: 'Invalid client identifier',
          detail: { errorcode: 'oauth.v2.InvalidClientIdentifier' },
        },
      },
    ],
  ])('reports %s as invalid_client', async (_name, status, body) => {
    answerToken(status, body);
    const { source, lines } = createSource();

    const error = await failureOf(source.getToken());

    expect(error.code).toBe('invalid_client');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      'Mimecast refused the Client ID or Client Secret.',
    );
    expect(error.hint).toContain('shown only once');
    const said = [error.message, error.hint, ...lines].join('\n');
    expect(said).not.toContain(CREDENTIALS.clientSecret);
  });

  it('is not retried after invalid_client', async () => {
    const sent = answerToken(401, { error: 'invalid_client' });
    const { source, sleeps } = createSource();

    await failureOf(source.getToken());

    expect(sent).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('names another OAuth refusal in a server_error', async () => {
    answerToken(400, { error: 'invalid_request' });
    const { source } = createSource();

    const error = await failureOf(source.getToken());

    expect(error.code).toBe('server_error');
    expect(error.message).toContain('HTTP 400 (invalid_request)');
  });

  it('never quotes a refusal that echoes the secret', async () => {
    const echo = { ...CREDENTIALS, clientSecret: 'plainsecretword' };
    answerToken(400, { error: 'plainsecretword' });
    const { source } = createSource({ credentials: echo });

    const error = await failureOf(source.getToken());

    expect(error.message).not.toContain('plainsecretword');
  });

  it('reports a 429 that outlasts the retries as rate_limited', async () => {
    nock(BASE).post(TOKEN_PATH).times(3).reply(429, '{}');
    const { source } = createSource();

    expect((await failureOf(source.getToken())).code).toBe('rate_limited');
  });

  it.each([
    ['an HTML page', '<html><title>Oops</title></html>'],
    ['JSON without a token', { token_type: 'Bearer' }],
    ['a token without a lifetime', { access_token: 'x' }],
  ])('reports %s as server_error', async (_name, body) => {
    answerToken(200, body);
    const { source } = createSource();

    const error = await failureOf(source.getToken());

    expect(error.code).toBe('server_error');
    expect(error.message).toContain('token request');
  });

  it('reports no answer as unreachable', async () => {
    const refused = Object.assign(new Error('refused'), {
      code: 'ECONNREFUSED',
    });
    nock(BASE).post(TOKEN_PATH).replyWithError(refused);
    const { source } = createSource();

    const error = await failureOf(source.getToken());

    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('api.services.mimecast.com');
  });

  it('logs the fetch without the token or the secret', async () => {
    answerToken(200, grant('token-not-for-logs'));
    const { source, lines } = createSource();

    await source.getToken();

    const log = lines.join('\n');
    expect(log).toContain('POST /oauth/token');
    expect(log).toContain('1799 s');
    expect(log).not.toContain('token-not-for-logs');
    expect(log).not.toContain(CREDENTIALS.clientSecret);
  });
});
