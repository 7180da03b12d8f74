import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import {
  discoverAuthentication,
  DISCOVERY_PATH,
  type DiscoverAuthenticationOptions,
} from '../../src/mimecast/discovery.js';

const DISCOVERY_URL = 'https://api.mimecast.com';
const NOW = new Date('2024-05-01T12:00:00Z');

function discover(extra: Partial<DiscoverAuthenticationOptions> = {}) {
  return discoverAuthentication({
    discoveryUrl: DISCOVERY_URL,
    appId: 'app-77',
    email: 'svc@example.com',
    timeoutMs: 2_000,
    now: () => NOW,
    sleep: () => Promise.resolve(),
    ...extra,
  });
}

function answer(data: unknown[]): string {
  return JSON.stringify({ meta: { status: 200 }, data, fail: [] });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('discoverAuthentication', () => {
  it('sends an unsigned request and reads the region', async () => {
    let headers: Record<string, unknown> = {};
    let body: unknown;
    nock(DISCOVERY_URL)
      .post(DISCOVERY_PATH)
      .reply(function (_uri, requestBody) {
        headers = this.req.headers;
        body = requestBody;
        return [
          200,
          answer([
            {
              emailAddress: 'svc@example.com',
              region: { api: 'https://eu-api.mimecast.com/', code: 'uk' },
              authenticate: ['Basic-Cloud', 'Basic-AD'],
            },
          ]),
        ];
      });

    const found = await discover();

    expect(found).toEqual({
      baseUrl: 'https://eu-api.mimecast.com',
      region: 'uk',
      loginTypes: ['Basic-Cloud', 'Basic-AD'],
    });
    expect(body).toEqual({ data: [{ emailAddress: 'svc@example.com' }] });
    expect(headers['x-mc-app-id']).toBe('app-77');
    expect(headers['x-mc-date']).toBe('Wed, 01 May 2024 12:00:00 UTC');
    expect(headers['x-mc-req-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBeUndefined();
  });

  it('finds no base URL for an unknown address', async () => {
    nock(DISCOVERY_URL)
      .post(DISCOVERY_PATH)
      .reply(200, answer([{ emailAddress: 'nobody@example.com' }]));

    expect(await discover()).toEqual({ loginTypes: [] });
  });

  it('copes with an answer without data', async () => {
    nock(DISCOVERY_URL).post(DISCOVERY_PATH).reply(200, answer([]));
    expect(await discover()).toEqual({ loginTypes: [] });
  });

  it('classifies a refused App ID, after one more try', async () => {
    const refused = JSON.stringify({
      meta: { status: 200 },
      data: [],
      fail: [{ errors: [{ code: 'err_developer_key' }] }],
    });
    nock(DISCOVERY_URL).post(DISCOVERY_PATH).times(2).reply(200, refused);

    const error = await discover().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('invalid_app_id');
    expect(nock.isDone()).toBe(true);
  });

  it('reports an unresolvable discovery host as unreachable', async () => {
    const dnsError = Object.assign(new Error('getaddrinfo'), {
      code: 'ENOTFOUND',
    });
    nock(DISCOVERY_URL).post(DISCOVERY_PATH).replyWithError(dnsError);

    const error = await discover().catch((caught: unknown) => caught);
    expect((error as CliError).code).toBe('unreachable');
    expect((error as CliError).message).toContain('api.mimecast.com');
  });
});
