import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeys, LOGIN_PATH } from '../../src/mimecast/login.js';
import type { CreateKeysOptions } from '../../src/mimecast/login.js';
import { failureOf } from '../helpers/failure.js';

const BASE = 'https://eu-api.mimecast.com';
const PASSWORD = 'correct horse battery staple';
const NEW_ACCESS_KEY = 'new-access-key-value-000111';
const NEW_SECRET_KEY = Buffer.from('new secret key material!').toString(
  'base64',
);

function login(extra: Partial<CreateKeysOptions> = {}) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const result = createKeys({
    baseUrl: BASE,
    appId: 'app-9',
    email: 'svc@example.com',
    password: PASSWORD,
    loginType: 'Basic-Cloud',
    timeoutMs: 2_000,
    log: (line) => lines.push(line),
    sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    ...extra,
  });
  return { result, lines, sleeps };
}

function envelope(data: unknown[], codes: string[] = []): string {
  const fail = codes.map((code) => ({ errors: [{ code }] }));
  return JSON.stringify({ meta: { status: 200 }, data, fail });
}

const KEYS_ANSWER = envelope([
  { accessKey: NEW_ACCESS_KEY, secretKey: NEW_SECRET_KEY, duration: 3600000 },
]);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('createKeys', () => {
  it('logs in with Basic-Cloud and returns the new keys', async () => {
    let headers: Record<string, unknown> = {};
    let body: unknown;
    nock(BASE)
      .post(LOGIN_PATH)
      .reply(function (_uri, requestBody) {
        headers = this.req.headers;
        body = requestBody;
        return [200, KEYS_ANSWER];
      });

    const { result, lines } = login();

    expect(await result).toEqual({
      accessKey: NEW_ACCESS_KEY,
      secretKey: NEW_SECRET_KEY,
      durationMs: 3600000,
    });
    const basic = Buffer.from(`svc@example.com:${PASSWORD}`).toString('base64');
    expect(headers.authorization).toBe(`Basic-Cloud ${basic}`);
    expect(headers['x-mc-app-id']).toBe('app-9');
    expect(headers['x-mc-date']).toMatch(/ UTC$/);
    expect(headers['x-mc-req-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toEqual({ data: [{ userName: 'svc@example.com' }] });

    const log = lines.join('\n');
    expect(log).toContain(`POST ${LOGIN_PATH} (attempt 1): HTTP 200`);
    for (const secret of [PASSWORD, basic, NEW_ACCESS_KEY, NEW_SECRET_KEY]) {
      expect(log).not.toContain(secret);
    }
  });

  it('uses Basic-AD when asked', async () => {
    nock(BASE)
      .post(LOGIN_PATH)
      .matchHeader('authorization', /^Basic-AD /)
      .reply(200, KEYS_ANSWER);
    const { result } = login({ loginType: 'Basic-AD' });
    expect((await result).accessKey).toBe(NEW_ACCESS_KEY);
  });

  it('reports a refused password as an invalid password value', async () => {
    nock(BASE)
      .post(LOGIN_PATH)
      .reply(401, envelope([], ['err_xdk_invalid_signature']));

    const error = await failureOf(login().result);
    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('password');
    expect(error.message).toBe(
      "Mimecast refused the service account's email or password.",
    );
    expect(error.hint).toMatch(/SSO/);
    expect(error.hint).toMatch(/two-factor/);
    expect(error.message + error.hint).not.toContain(PASSWORD);
  });

  it('reports err_developer_key as invalid_app_id', async () => {
    nock(BASE)
      .post(LOGIN_PATH)
      .times(2)
      .reply(200, envelope([], ['err_developer_key']));
    expect((await failureOf(login().result)).code).toBe('invalid_app_id');
  });

  it('does not repeat a login that may have run (503)', async () => {
    nock(BASE).post(LOGIN_PATH).reply(503, '<title>busy</title>');
    nock(BASE).post(LOGIN_PATH).reply(200, KEYS_ANSWER);
    const { result, sleeps } = login();

    expect((await failureOf(result)).code).toBe('server_error');
    expect(sleeps).toEqual([]);
  });

  it('repeats a login refused by the rate limit', async () => {
    nock(BASE)
      .post(LOGIN_PATH)
      .reply(429, '{}', { 'X-RateLimit-Reset': '1500' });
    nock(BASE).post(LOGIN_PATH).reply(200, KEYS_ANSWER);
    const { result, sleeps } = login();

    expect((await result).secretKey).toBe(NEW_SECRET_KEY);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1500);
  });

  it('reports an answer without keys as a server error', async () => {
    nock(BASE).post(LOGIN_PATH).reply(200, envelope([{ accessKey: 'x' }]));
    expect((await failureOf(login().result)).code).toBe('server_error');
  });
});
