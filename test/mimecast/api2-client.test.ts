import nock from 'nock';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from 'vitest';
import type {
  Api2Credentials,
  MimecastCredentials,
} from '../../src/credentials.js';
import { createApiClient } from '../../src/mimecast/api-client.js';
import { Api2Client } from '../../src/mimecast/api2-client.js';
import type { Api2ClientOptions } from '../../src/mimecast/api2-client.js';
import { PERMISSION_PROBES, runChecks } from '../../src/mimecast/checks.js';
import { TokenExpiredError } from '../../src/mimecast/classify.js';
import { MimecastClient } from '../../src/mimecast/client.js';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { startSimulator } from '../../src/simulator/server.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { failureOf } from '../helpers/failure.js';

const BASE = 'https://uk-api.services.mimecast.com';
const PATH = '/api/account/get-account';
const CREDENTIALS: Api2Credentials = {
  clientId: 'client-id-4567',
  clientSecret: 'client-secret-value-4567',
  baseUrl: BASE,
};
const OK_BODY = {
  meta: { status: 200 },
  data: [{ accountCode: 'CUK1' }],
  fail: [],
};
const EXPIRED_ON_ENTRY = {
  meta: { status: 401 },
  data: [],
  fail: [{ code: 'token_expired', message: 'Token expired' }],
};
const EXPIRED_IN_ERRORS = {
  meta: { status: 401 },
  data: [],
  fail: [{ errors: [{ code: 'token_expired', message: 'Token expired' }] }],
};

function createClient(extra: Partial<Api2ClientOptions> = {}) {
  const lines: string[] = [];
  const client = new Api2Client({
    credentials: CREDENTIALS,
    timeoutMs: 2_000,
    log: (line) => lines.push(line),
    sleep: () => Promise.resolve(),
    random: () => 0,
    ...extra,
  });
  return { client, lines };
}

/** Hands out `tokens` in order, one per fetch. */
function serveTokens(...tokens: string[]): void {
  for (const token of tokens) {
    nock(BASE)
      .post('/oauth/token')
      .reply(200, { access_token: token, expires_in: 1799 });
  }
}

/** Answers the API path once, recording the Authorization sent. */
function answerCall(
  seen: string[],
  status: number,
  body: unknown = OK_BODY,
): void {
  nock(BASE)
    .post(PATH)
    .reply(function () {
      seen.push(String(this.req.headers.authorization));
      return [status, JSON.stringify(body)];
    });
}

describe('Api2Client', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
  });

  it('sends the bearer token and a JSON body', async () => {
    serveTokens('token-a');
    const sent: { headers: Record<string, string>; body: unknown }[] = [];
    nock(BASE)
      .post(PATH)
      .twice()
      .reply(function (_uri, body) {
        sent.push({ headers: this.req.headers, body });
        return [200, JSON.stringify(OK_BODY)];
      });
    const { client } = createClient();

    const response = await client.post(PATH, { data: [] });
    await client.post(PATH, { data: [] });

    expect(response.envelope?.data).toEqual(OK_BODY.data);
    expect(sent[0]?.headers.authorization).toBe('Bearer token-a');
    expect(sent[0]?.headers['content-type']).toBe('application/json');
    expect(sent[0]?.headers['x-mc-app-id']).toBeUndefined();
    expect(sent[0]?.body).toEqual({ data: [] });
    expect(sent[1]?.headers.authorization).toBe('Bearer token-a');
  });

  it.each([
    ['on the fail entry', EXPIRED_ON_ENTRY],
    ['in its errors', EXPIRED_IN_ERRORS],
  ])(
    'replaces an expired token once and repeats the call (code %s)',
    async (_where, expired) => {
      serveTokens('old-token', 'new-token');
      const seen: string[] = [];
      answerCall(seen, 401, expired);
      answerCall(seen, 200);
      const { client, lines } = createClient();

      const response = await client.post(PATH, { data: [] });

      expect(response.status).toBe(200);
      expect(seen).toEqual(['Bearer old-token', 'Bearer new-token']);
      expect(lines.join('\n')).toContain('access token expired');
      expect(lines.join('\n')).not.toContain('new-token');
    },
  );

  it('reports a second expiry instead of looping', async () => {
    serveTokens('old-token', 'new-token');
    const seen: string[] = [];
    answerCall(seen, 401, EXPIRED_ON_ENTRY);
    answerCall(seen, 401, EXPIRED_ON_ENTRY);
    const { client } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));

    expect(error).toBeInstanceOf(TokenExpiredError);
    expect(error.code).toBe('invalid_client');
    expect(seen).toHaveLength(2);
    expect(nock.isDone()).toBe(true);
  });

  it('reports another 401 as invalid_client without a new token', async () => {
    serveTokens('token-a');
    const seen: string[] = [];
    const refused = { meta: { status: 401 }, data: [], fail: [] };
    answerCall(seen, 401, refused);
    const { client } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));

    expect(error.code).toBe('invalid_client');
    expect(error.message).toContain('refused it');
    expect(seen).toHaveLength(1);
  });

  it.each([
    [403, { meta: { status: 403 }, data: [], fail: [] }, 'permission_denied'],
    [500, 'oops', 'server_error'],
  ])('classifies HTTP %s as the 1.0 client does', async (status, body, code) => {
    serveTokens('token-a');
    nock(BASE)
      .post(PATH)
      .times(3)
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body));
    const { client } = createClient();

    expect((await failureOf(client.post(PATH, { data: [] }))).code).toBe(code);
  });

  it('passes a refused client on from the token source', async () => {
    nock(BASE).post('/oauth/token').reply(401, { error: 'invalid_client' });
    const { client } = createClient();

    const error = await failureOf(client.post(PATH, { data: [] }));

    expect(error.code).toBe('invalid_client');
    expect(error.message).toContain('Client ID or Client Secret');
  });
});

describe('createApiClient', () => {
  const options = { timeoutMs: 1_000 };

  it('picks the client by the values given', () => {
    const api1: MimecastCredentials = {
      appId: 'a',
      appKey: 'b',
      accessKey: 'c',
      secretKey: 'ZA==',
      baseUrl: 'https://eu-api.mimecast.com',
    };

    expect(createApiClient(CREDENTIALS, options)).toBeInstanceOf(Api2Client);
    expect(createApiClient(api1, options)).toBeInstanceOf(MimecastClient);
  });
});

describe('Api2Client against the simulator', () => {
  let sim: RunningSimulator;
  const NOW = () => new Date();

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sim = await startSimulator();
  });
  afterEach(() => {
    sim.faults.clear();
    sim.requests.splice(0);
  });
  afterAll(async () => {
    await sim.close();
    nock.enableNetConnect();
  });

  function demoClient() {
    const credentials = {
      clientId: DEMO_TENANT.clientId,
      clientSecret: DEMO_TENANT.clientSecret,
      baseUrl: sim.url,
    };
    return new Api2Client({
      credentials,
      timeoutMs: 5_000,
      sleep: () => Promise.resolve(),
    });
  }

  const paths = () => sim.requests.map((request) => request.path);

  it('passes every check with the demo application', async () => {
    const report = await runChecks(demoClient(), { now: NOW });

    expect(report.ok).toBe(true);
    expect(report.account?.code).toBe(DEMO_TENANT.accountCode);
    expect(report.checks).toHaveLength(7);
    expect(report.siemLogs).toEqual({ available: true });
    expect(paths().filter((p) => p === '/oauth/token')).toHaveLength(1);
    const api = sim.requests.filter((r) => r.path.startsWith('/api/'));
    expect(api.every((r) => r.authScheme === 'Bearer')).toBe(true);
  });

  it('fetches one new token when concurrent calls meet an expiry', async () => {
    const client = demoClient();
    await client.post(PATH, { data: [] });
    sim.tenant.expireTokens(new Date());

    const answers = await Promise.all(
      PERMISSION_PROBES.map((probe) =>
        client.post(probe.path, probe.buildBody({ from: 'a', to: 'b' })),
      ),
    );

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(paths().filter((p) => p === '/oauth/token')).toHaveLength(2);
  });

  it('reports a rejected client as the auth failure', async () => {
    sim.faults.set({ rejectClient: true });

    const report = await runChecks(demoClient(), { now: NOW });

    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => check.id)).toEqual(['auth']);
    expect(report.error?.code).toBe('invalid_client');
  });

  it('stops after one new token when tokens keep expiring', async () => {
    sim.faults.set({ expireTokens: true });

    const report = await runChecks(demoClient(), { now: NOW });

    expect(report.error?.code).toBe('invalid_client');
    expect(paths()).toEqual(['/oauth/token', PATH, '/oauth/token', PATH]);
  });

  it("reports a permission the application's role lacks", async () => {
    sim.faults.set({
      missingPermissions: ['Monitoring | URL Protection | Read'],
    });

    const report = await runChecks(demoClient(), { now: NOW });

    expect(report.error?.code).toBe('permission_denied');
    const failed = report.checks.filter((check) => !check.ok);
    expect(failed.map((check) => check.id)).toEqual(['url-protection']);
  });
});
