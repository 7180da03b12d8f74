import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MimecastCredentials } from '../../src/credentials.js';
import { MimecastClient } from '../../src/mimecast/client.js';
import type { MimecastClientOptions } from '../../src/mimecast/client.js';
import {
  computeSignature,
  formatMimecastDate,
} from '../../src/mimecast/signing.js';
import { failureOf } from '../helpers/failure.js';

const BASE = 'https://eu-api.mimecast.com';
const PATH = '/api/account/get-account';
const CREDENTIALS: MimecastCredentials = {
  appId: 'app-0123',
  appKey: 'app-key-secret-value',
  accessKey: 'access-key-secret-value-0123456789',
  secretKey: Buffer.from('a secret key of enough length').toString('base64'),
  baseUrl: BASE,
};
const OK_BODY = {
  meta: { status: 200 },
  data: [{ accountCode: 'C1' }],
  fail: [],
};

interface SentRequest {
  headers: Record<string, string>;
  body: unknown;
}

function createClient(extra: Partial<MimecastClientOptions> = {}) {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const client = new MimecastClient({
    credentials: CREDENTIALS,
    timeoutMs: 2_000,
    log: (line) => lines.push(line),
    sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    random: () => 0.5,
    ...extra,
  });
  return { client, sleeps, lines };
}

/** Answers `status` and `body` once, recording what was sent. */
function answerOnce(
  sent: SentRequest[],
  status: number,
  body: unknown = OK_BODY,
  headers: Record<string, string> = {},
) {
  nock(BASE)
    .post(PATH)
    .reply(function (_uri, requestBody) {
      sent.push({
        headers: this.req.headers,
        body: requestBody,
      });
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return [status, text, headers];
    });
}

/** nock passes only Error instances through to the client. */
function networkError(code: string): Error {
  return Object.assign(new Error(`${code} (simulated)`), { code });
}

function failing(code: string) {
  return { meta: { status: 200 }, data: [], fail: [{ errors: [{ code }] }] };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('MimecastClient.post', () => {
  it('sends a JSON request signed for its own date and id', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 200);
    const now = new Date('2024-05-01T12:00:00Z');
    const { client } = createClient({ now: () => now });

    const response = await client.post(PATH, { data: [] });

    expect(response.status).toBe(200);
    expect(response.envelope?.data).toEqual([{ accountCode: 'C1' }]);
    const [request] = sent;
    expect(request?.body).toEqual({ data: [] });
    const headers = request?.headers ?? {};
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-mc-app-id']).toBe('app-0123');
    expect(headers['x-mc-date']).toBe('Wed, 01 May 2024 12:00:00 UTC');
    expect(headers['x-mc-date']).toBe(formatMimecastDate(now));
    const signature = computeSignature({
      ...CREDENTIALS,
      date: headers['x-mc-date'] ?? '',
      requestId: headers['x-mc-req-id'] ?? '',
      path: PATH,
    });
    expect(headers.authorization).toBe(
      `MC ${CREDENTIALS.accessKey}:${signature}`,
    );
  });

  it('signs every retry anew with a new request id', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 503, '<html><title>Busy</title></html>');
    answerOnce(sent, 200);
    let tick = 0;
    const { client } = createClient({
      now: () => new Date(Date.UTC(2024, 4, 1, 12, 0, (tick += 1))),
    });

    await client.post(PATH, { data: [] });

    const [first, second] = sent.map((request) => request.headers);
    expect(second?.['x-mc-req-id']).not.toBe(first?.['x-mc-req-id']);
    expect(second?.['x-mc-date']).not.toBe(first?.['x-mc-date']);
    expect(second?.authorization).not.toBe(first?.authorization);
    const expected = computeSignature({
      ...CREDENTIALS,
      date: second?.['x-mc-date'] ?? '',
      requestId: second?.['x-mc-req-id'] ?? '',
      path: PATH,
    });
    expect(second?.authorization).toContain(expected);
  });

  it('waits at least the reset header after a 429', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 429, OK_BODY, { 'X-RateLimit-Reset': '4000' });
    answerOnce(sent, 200);
    const { client, sleeps } = createClient();

    await client.post(PATH, { data: [] });

    expect(sent).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(4000);
  });

  it('reports rate_limited when 429 lasts through three attempts', async () => {
    const sent: SentRequest[] = [];
    for (let i = 0; i < 3; i += 1) answerOnce(sent, 429);
    const { client } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('rate_limited');
    expect(sent).toHaveLength(3);
  });

  it('tries a 5xx three times, then reports server_error', async () => {
    const sent: SentRequest[] = [];
    for (let i = 0; i < 3; i += 1) {
      answerOnce(sent, 503, '<html><title>Maintenance</title></html>');
    }
    answerOnce(sent, 200);
    const { client, sleeps } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain('"Maintenance"');
    expect(sent).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it.each([
    [401, 'invalid_signature'],
    [403, 'permission_denied'],
    [418, 'keys_expired'],
  ])('does not retry HTTP %i (%s)', async (status, code) => {
    const sent: SentRequest[] = [];
    answerOnce(sent, status, { meta: { status }, data: [], fail: [] });
    answerOnce(sent, 200);
    const { client, sleeps } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe(code);
    expect(sent).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a reset connection', async () => {
    const sent: SentRequest[] = [];
    nock(BASE).post(PATH).replyWithError(networkError('ECONNRESET'));
    answerOnce(sent, 200);
    const { client, lines } = createClient();

    const response = await client.post(PATH, { data: [] });
    expect(response.status).toBe(200);
    expect(lines.join('\n')).toContain('ECONNRESET');
  });

  it('reports unreachable after three timeouts', async () => {
    nock(BASE).post(PATH).times(3).delay(300).reply(200, OK_BODY);
    const { client, sleeps } = createClient({ timeoutMs: 50 });

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('eu-api.mimecast.com');
    expect(error.message).toMatch(/did not answer in time/);
    expect(sleeps).toHaveLength(2);
  });

  it('reports an unresolvable name as unreachable, at once', async () => {
    nock(BASE).post(PATH).replyWithError(networkError('ENOTFOUND'));
    const { client, sleeps } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/does not resolve/);
    expect(sleeps).toEqual([]);
  });

  it('treats a 200 with a fail entry as a failure', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 200, failing('err_xdk_binding_expired'));
    const { client } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('keys_expired');
  });

  it('tries err_developer_key once more, then fails', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 200, failing('err_developer_key'));
    answerOnce(sent, 200, failing('err_developer_key'));
    answerOnce(sent, 200);
    const { client, sleeps, lines } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('invalid_app_id');
    expect(sent).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/refused the Application ID/);
  });

  it('accepts a good App ID refused once', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 200, failing('err_developer_key'));
    answerOnce(sent, 200);
    const { client } = createClient();

    const response = await client.post(PATH, { data: [] });
    expect(response.envelope?.data).toHaveLength(1);
  });

  it('reports clock_skew when the server clock is 10 minutes off', async () => {
    const now = new Date('2024-05-01T12:00:00Z');
    const serverDate = new Date(now.getTime() - 10 * 60_000).toUTCString();
    const sent: SentRequest[] = [];
    answerOnce(sent, 401, failing('err_xdk_invalid_signature'), {
      Date: serverDate,
    });
    const { client } = createClient({ now: () => now });

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('clock_skew');
    expect(error.message).toContain('10 minutes ahead of');
  });

  it.each([
    ['truncated JSON', '{"meta":{"status":200},"data":[{"accountCo'],
    ['HTML', '<html><head><title>Gateway</title></head></html>'],
  ])('reports a 200 with %s as server_error, no stack', async (_n, body) => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 200, body, { 'Content-Type': 'text/html' });
    const { client } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));
    expect(error.code).toBe('server_error');
    expect(error.message).toMatch(/could not be read/);
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(error.message).not.toContain('accountCo');
  });

  it('returns a file answer as binary', async () => {
    nock(BASE)
      .post('/api/audit/get-siem-logs')
      .reply(200, Buffer.from([0x50, 0x4b, 0x03, 0x04]), {
        'Content-Type': 'application/octet-stream',
        'mc-siem-token': 'next',
      });
    const { client } = createClient();

    const response = await client.post('/api/audit/get-siem-logs', {
      data: [],
    });
    expect(response.binary).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(response.envelope).toBeUndefined();
    expect(response.headers['mc-siem-token']).toBe('next');
  });

  it('logs method, path, status and attempt but no secret', async () => {
    const sent: SentRequest[] = [];
    answerOnce(sent, 500);
    answerOnce(sent, 200);
    const { client, lines } = createClient();

    await client.post(PATH, { data: [] });

    const log = lines.join('\n');
    expect(log).toContain(`POST ${PATH} (attempt 1): HTTP 500`);
    expect(log).toContain(`POST ${PATH} (attempt 2): HTTP 200`);
    expect(log).toMatch(/waiting \d+ ms/);
    for (const secret of [
      CREDENTIALS.appKey,
      CREDENTIALS.accessKey,
      CREDENTIALS.secretKey,
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/MC |authorization/i);
  });
});
