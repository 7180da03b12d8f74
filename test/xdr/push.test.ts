import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  Api2Credentials,
  MimecastCredentials,
  XdrTarget,
} from '../../src/credentials.js';
import {
  buildPushBody,
  pushToXdr,
  serverMessage,
} from '../../src/xdr/push.js';
import { failureOf } from '../helpers/failure.js';

const XDR = 'https://xdr.example.com';
const PATH = '/v1/integrations/mimecast';
const TARGET: XdrTarget = {
  endpoint: `${XDR}${PATH}?tenant=42`,
  token: 'xdr-token-value-0987',
};
const CREDENTIALS: MimecastCredentials = {
  appId: 'app-1234',
  appKey: 'app-key-secret-1234',
  accessKey: 'access-key-secret-5678',
  secretKey: 'c2VjcmV0LWtleS1zZWNyZXQtOTk5OQ==',
  baseUrl: 'https://eu-api.mimecast.com',
};
const SECRETS = [
  CREDENTIALS.appKey,
  CREDENTIALS.accessKey,
  CREDENTIALS.secretKey,
  TARGET.token,
];

function push() {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const result = pushToXdr({
    target: TARGET,
    credentials: CREDENTIALS,
    timeoutMs: 1_000,
    log: (line) => lines.push(line),
    sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    random: () => 0.5,
  });
  return { result, lines, sleeps };
}

function reply(status: number, body: unknown = {}, times = 1) {
  nock(XDR)
    .put(PATH)
    .query(true)
    .times(times)
    .reply(status, typeof body === 'string' ? body : JSON.stringify(body));
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('pushToXdr', () => {
  it('PUTs the five values with the bearer token', async () => {
    let headers: Record<string, unknown> = {};
    let body: unknown;
    nock(XDR)
      .put(PATH)
      .query({ tenant: '42' })
      .reply(function (_uri, requestBody) {
        headers = this.req.headers;
        body = requestBody;
        return [204, ''];
      });
    const { result, lines } = push();

    expect(await result).toEqual({ status: 204 });
    expect(headers.authorization).toBe(`Bearer ${TARGET.token}`);
    expect(headers['content-type']).toBe('application/json');
    expect(body).toEqual({
      integration: 'mimecast',
      apiVersion: '1.0',
      applicationId: 'app-1234',
      applicationKey: CREDENTIALS.appKey,
      accessKey: CREDENTIALS.accessKey,
      secretKey: CREDENTIALS.secretKey,
      baseUrl: 'https://eu-api.mimecast.com',
    });
    const log = lines.join('\n');
    expect(log).toContain(`PUT xdr.example.com${PATH} (attempt 1): HTTP 204`);
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    expect(log).not.toContain('tenant=42');
  });

  it.each([401, 403])('reports HTTP %i as xdr_unauthorized', async (s) => {
    reply(s);
    reply(200);
    const { result, sleeps } = push();

    const error = await failureOf(result);
    expect(error.code).toBe('xdr_unauthorized');
    expect(error.hint).toMatch(/XDR API token/);
    expect(sleeps).toEqual([]);
  });

  it('reports another 4xx as xdr_rejected with a clean message', async () => {
    reply(422, {
      error: {
        message: `Invalid\u001b[31m secret ${CREDENTIALS.secretKey}\n, token ${TARGET.token}`,
      },
    });
    const error = await failureOf(push().result);

    expect(error.code).toBe('xdr_rejected');
    expect(error.message).toContain('HTTP 422');
    expect(error.message).toContain('Invalid [31m secret [redacted] , token [redacted]');
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('\u001b');
  });

  it('retries a 5xx three times, then reports xdr_unreachable', async () => {
    reply(502, 'bad gateway', 3);
    const { result, sleeps } = push();

    const error = await failureOf(result);
    expect(error.code).toBe('xdr_unreachable');
    expect(error.message).toContain('HTTP 502');
    expect(sleeps).toHaveLength(2);
  });

  it('recovers when a retry succeeds after a reset', async () => {
    const reset = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
    });
    nock(XDR).put(PATH).query(true).replyWithError(reset);
    reply(200);
    expect(await push().result).toEqual({ status: 200 });
  });

  it('reports a refused connection as xdr_unreachable', async () => {
    const refused = Object.assign(new Error('connect'), {
      code: 'ECONNREFUSED',
    });
    nock(XDR).put(PATH).query(true).replyWithError(refused);

    const error = await failureOf(push().result);
    expect(error.code).toBe('xdr_unreachable');
    expect(error.message).toContain('refused the connection');
    expect(error.message).toContain(`xdr.example.com${PATH}`);
  });
});

describe('pushToXdr with API 2.0 values', () => {
  const API2: Api2Credentials = {
    clientId: 'client-id-2468',
    clientSecret: 'client-secret-value-1357',
    baseUrl: 'https://us-api.services.mimecast.com',
  };

  function push2() {
    const lines: string[] = [];
    const result = pushToXdr({
      target: TARGET,
      credentials: API2,
      timeoutMs: 1_000,
      log: (line) => lines.push(line),
      sleep: () => Promise.resolve(),
    });
    return { result, lines };
  }

  it('PUTs the three values with apiVersion 2.0', async () => {
    let body: unknown;
    nock(XDR)
      .put(PATH)
      .query(true)
      .reply((_uri, requestBody) => {
        body = requestBody;
        return [200, '{}'];
      });
    const { result, lines } = push2();

    expect(await result).toEqual({ status: 200 });
    expect(body).toEqual({
      integration: 'mimecast',
      apiVersion: '2.0',
      clientId: API2.clientId,
      clientSecret: API2.clientSecret,
      baseUrl: API2.baseUrl,
    });
    expect(lines.join('\n')).not.toContain(API2.clientSecret);
  });

  it('blots the Client Secret out of a rejection', async () => {
    reply(422, { message: `bad secret ${API2.clientSecret}` });

    const error = await failureOf(push2().result);

    expect(error.code).toBe('xdr_rejected');
    expect(error.message).not.toContain(API2.clientSecret);
    expect(error.message).toContain('[redacted]');
  });

  it('builds the 1.0 body from 1.0 values', () => {
    expect(buildPushBody(CREDENTIALS).apiVersion).toBe('1.0');
    expect(buildPushBody(API2)).not.toHaveProperty('applicationId');
  });
});

describe('serverMessage', () => {
  it('caps a long message at 200 characters', () => {
    const text = serverMessage(Buffer.from('y'.repeat(500)), []);
    expect(text).toHaveLength(200);
    expect(text.endsWith('...')).toBe(true);
  });

  it('reads the message field of a JSON answer', () => {
    const body = Buffer.from(JSON.stringify({ message: 'bad base URL' }));
    expect(serverMessage(body, [])).toBe('bad base URL');
  });
});
