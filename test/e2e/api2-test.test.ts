import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, TOKEN_PATH } from '../../src/simulator/index.js';
import {
  DEMO_TENANT,
  describeRun,
  expectFailure,
  expectSuccess,
  findClosedPort,
  flatten,
  parseJsonOutput,
  useSandbox,
  type CliRun,
  type Sandbox,
} from './harness.js';

const CHECK_IDS = [
  'auth',
  'account-logs',
  'dlp',
  'attachment-protection',
  'impersonation-protection',
  'url-protection',
  'gateway-tracking',
];

const AUTH_PATH = '/api/account/get-account';

const EU_API1_HOST = 'https://eu-api.mimecast.com';

/** The demo tenant's API 2.0 application, as environment variables. */
function api2Env(box: Sandbox): Record<string, string> {
  return {
    MIMECAST_CLIENT_ID: DEMO_TENANT.clientId,
    MIMECAST_CLIENT_SECRET: DEMO_TENANT.clientSecret,
    MIMECAST_BASE_URL: box.sim.url,
  };
}

/** A Client Secret of the right shape that the tenant does not know. */
const WRONG_SECRET = 'Wr0ngSecretForTheDemoClient9f3kQ2mZx7LpV4bN8cR1tY6hJ0dS5aE';

function tokenRequests(box: Sandbox) {
  return box.sim.requests.filter((request) => request.path === TOKEN_PATH);
}

/**
 * Asserts a `--json` run that failed at the auth check with `expected`,
 * under API 2.0: no account read and no other check run.
 */
function expectAuthFailed(
  result: CliRun,
  expected: { exit: number; code: string },
): void {
  const json = expectFailure(result, { ...expected, api: '2.0' });
  expect(json.account).toBeNull();
  expect(json.checks).toEqual([{ id: 'auth', ok: false, error: json.error }]);
}

describe('test with API 2.0 values', () => {
  const sandbox = useSandbox();

  it('passes all seven checks, saying it inferred API 2.0', async () => {
    const box = sandbox();
    const result = await box.run(['test', '--json'], { env: api2Env(box) });

    const json = expectSuccess(result, '2.0');
    expect(json).toMatchObject({
      profile: 'default',
      api: '2.0',
      baseUrl: box.sim.url,
      account: { code: DEMO_TENANT.accountCode, name: DEMO_TENANT.accountName },
      siemLogs: { available: true },
    });
    const checks = json.checks as Array<Record<string, unknown>>;
    expect(checks.map((check) => check.id)).toEqual(CHECK_IDS);
    expect(checks.every((check) => check.ok === true)).toBe(true);
    expect(flatten(result.stderr)).toMatch(
      /Mimecast API 2\.0, from the Client ID and Secret given/,
    );
  });

  it('signs every call with one bearer token, fetched once', async () => {
    const box = sandbox();
    const result = await box.run(['test', '--json'], { env: api2Env(box) });

    expectSuccess(result, '2.0');
    expect(tokenRequests(box)).toHaveLength(1);
    const calls = box.sim.requests.filter((r) => r.path.startsWith('/api/'));
    expect(calls.length).toBeGreaterThanOrEqual(7);
    expect(calls.every((call) => call.authScheme === 'Bearer')).toBe(true);
    expect(box.sim.tenant.tokens).toHaveLength(1);
  });

  it('tells a person which API it used and why, without --json', async () => {
    const box = sandbox();
    const result = await box.run(['test'], { env: api2Env(box) });

    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toBe('');
    const text = flatten(result.stderr);
    expect(text).toContain(
      `Checking profile "default" at ${box.sim.url} ` +
        '(Mimecast API 2.0, from the Client ID and Secret given)',
    );
    for (const id of CHECK_IDS) expect(text).toContain(id);
    expect(text).toContain('All checks passed.');
    expect(text).not.toMatch(/retiring API 1\.0/);
  });

  it('uses API 2.0 when --api 2 says so', async () => {
    const box = sandbox();
    const result = await box.run(['test', '--api', '2', '--json'], {
      env: api2Env(box),
    });

    expectSuccess(result, '2.0');
    expect(flatten(result.stderr)).toContain('Mimecast API 2.0, from --api');
  });

  it('reports the missing API 1.0 values under --api 1', async () => {
    const box = sandbox();
    const result = await box.run(['test', '--api', '1', '--json'], {
      env: api2Env(box),
    });

    const json = expectFailure(result, {
      exit: 2,
      code: 'missing_value',
      field: 'appId',
    });
    const error = json.error as Record<string, string>;
    expect(error.message).toContain('Application ID');
    expect(error.message).toMatch(/Application Key.*Access Key.*Secret Key/);
    expect(error.hint).toContain('MIMECAST_APP_ID');
    expect(box.sim.requests).toEqual([]);
  });

  it('refuses --api 3 as a usage error', async () => {
    const box = sandbox();
    const result = await box.run(['test', '--api', '3', '--json'], {
      env: api2Env(box),
    });

    expect(result.code, describeRun(result)).toBe(2);
    const error = parseJsonOutput(result).error as Record<string, string>;
    expect(error.code).toBe('invalid_value');
    expect(error.message).toMatch(/--api.*'3'.*1, 2/);
    expect(result.stderr).toContain('--api');
    expect(box.sim.requests).toEqual([]);
  });

  it('reads clientId, clientSecret and baseUrl from --credentials-stdin', async () => {
    const box = sandbox();
    const stdin = JSON.stringify({
      clientId: DEMO_TENANT.clientId,
      clientSecret: DEMO_TENANT.clientSecret,
      baseUrl: box.sim.url,
    });
    const result = await box.run(['test', '--credentials-stdin', '--json'], {
      stdin,
    });

    const json = expectSuccess(result, '2.0');
    expect(json.baseUrl).toBe(box.sim.url);
    expect(tokenRequests(box)).toHaveLength(1);
  });

  it('checks the demo tenant with API 2.0 under --demo --api 2', async () => {
    const box = sandbox();
    const result = await box.run(['test', '--demo', '--api', '2', '--json']);

    const json = expectSuccess(result, '2.0');
    expect(json).toMatchObject({
      profile: 'demo',
      account: { code: DEMO_TENANT.accountCode },
    });
    expect((json.checks as unknown[]).length).toBe(7);
  });
});

describe('API 2.0 failures', () => {
  const sandbox = useSandbox();

  async function runTest(box: Sandbox, env: Record<string, string> = {}) {
    return box.run(['--timeout', '2', 'test', '--json'], {
      env: { ...api2Env(box), ...env },
    });
  }

  it('reports invalid_client for a wrong Client Secret, exit 3', async () => {
    const box = sandbox();
    box.addSecret('wrong Client Secret', WRONG_SECRET);
    const result = await runTest(box, { MIMECAST_CLIENT_SECRET: WRONG_SECRET });

    expectAuthFailed(result, { exit: 3, code: 'invalid_client' });
    expect(flatten(result.stderr)).toContain('Client Secret');
    expect(tokenRequests(box).map((r) => r.status)).toEqual([401]);
    expect(box.sim.requests.some((r) => r.path.startsWith('/api/'))).toBe(
      false,
    );
  });

  it('reports invalid_client when the token endpoint refuses the client', async () => {
    const box = sandbox();
    box.sim.faults.set({ rejectClient: { count: 1 } });
    const result = await runTest(box);

    expectAuthFailed(result, { exit: 3, code: 'invalid_client' });
    expect(tokenRequests(box)).toHaveLength(1);
  });

  it('reports invalid_client for a revoked application', async () => {
    const box = sandbox();
    box.sim.tenant.revokeApi2Application(DEMO_TENANT.clientId);
    const result = await runTest(box);

    expectFailure(result, { exit: 3, code: 'invalid_client', api: '2.0' });
  });

  it('fetches a new token once when one expires mid-run, and passes', async () => {
    const box = sandbox();
    box.sim.faults.set({ expireTokens: { count: 1, path: AUTH_PATH } });
    const result = await runTest(box);

    expectSuccess(result, '2.0');
    expect(tokenRequests(box).map((r) => r.status)).toEqual([200, 200]);
    const auth = box.sim.requests.filter((r) => r.path === AUTH_PATH);
    expect(auth.map((r) => r.status)).toEqual([401, 200]);
    expect(result.stderr).toMatch(/access token expired/);
  });

  it('refetches once for a probe whose token expired, not for each', async () => {
    const box = sandbox();
    const path = '/api/dlp/get-logs';
    box.sim.faults.set({ expireTokens: { count: 1, path } });
    const result = await runTest(box);

    expectSuccess(result, '2.0');
    expect(tokenRequests(box)).toHaveLength(2);
  });

  it('reports an expiry that outlives the one refetch, exit 3', async () => {
    const box = sandbox();
    box.sim.faults.set({ expireTokens: { count: 2, path: AUTH_PATH } });
    const result = await runTest(box);

    expectAuthFailed(result, { exit: 3, code: 'invalid_client' });
    expect(tokenRequests(box)).toHaveLength(2);
    const auth = box.sim.requests.filter((r) => r.path === AUTH_PATH);
    expect(auth.map((r) => r.status)).toEqual([401, 401]);
  });

  it('reports permission_denied on the one probe the role lacks, exit 4', async () => {
    const box = sandbox();
    const missing = 'Monitoring | Data Leak Prevention | Read';
    box.sim.tenant.setApi2Permissions(
      DEMO_TENANT.clientId,
      ALL_PERMISSIONS.filter((permission) => permission !== missing),
    );
    const result = await runTest(box);

    const json = expectFailure(result, {
      exit: 4,
      code: 'permission_denied',
      api: '2.0',
    });
    const checks = json.checks as Array<Record<string, unknown>>;
    expect(checks).toHaveLength(7);
    expect(checks.filter((check) => !check.ok)).toEqual([
      {
        id: 'dlp',
        permission: missing,
        ok: false,
        error: expect.objectContaining({ code: 'permission_denied' }),
      },
    ]);
    expect(json.account).toMatchObject({ code: DEMO_TENANT.accountCode });
    expect(flatten(result.stderr)).toContain(missing);
  });

  it('reports unreachable for a base URL nobody listens on, exit 5', async () => {
    const box = sandbox();
    const port = await findClosedPort();
    const result = await runTest(box, {
      MIMECAST_BASE_URL: `http://127.0.0.1:${port}`,
      MIMECAST_XDR_ALLOWED_HOSTS: `${box.sim.hostPort},127.0.0.1:${port}`,
    });

    expectAuthFailed(result, { exit: 5, code: 'unreachable' });
  });

  it('reports server_error after 503 pages on every attempt, exit 5', async () => {
    const box = sandbox();
    box.sim.faults.set({ serviceUnavailableHtml: { count: 3 } });
    const result = await runTest(box);

    expectAuthFailed(result, { exit: 5, code: 'server_error' });
    expect(box.sim.requests.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(result.stdout + result.stderr).not.toMatch(/<html|<body/i);
  });

  it('reports rate_limited after 429s on every attempt, exit 5', async () => {
    const box = sandbox();
    box.sim.faults.set({ rateLimit: { resetMs: 50 } });
    const result = await runTest(box);

    expectAuthFailed(result, { exit: 5, code: 'rate_limited' });
    expect(box.sim.requests.map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it('refuses an API 1.0 regional host before any request', async () => {
    const box = sandbox();
    const result = await runTest(box, { MIMECAST_BASE_URL: EU_API1_HOST });

    expect(result.code, describeRun(result)).toBe(2);
    const json = parseJsonOutput(result);
    expect(json.error).toMatchObject({
      code: 'invalid_value',
      field: 'baseUrl',
    });
    expect((json.error as Record<string, string>).message).toMatch(
      /API 1\.0 host/,
    );
    expect(json.checks).toEqual([]);
    expect(flatten(result.stderr)).toContain('api.services.mimecast.com');
    expect(box.sim.requests).toEqual([]);
  });

  it('names API 2.0 in the JSON of a value refused before any check', async () => {
    const box = sandbox();
    const result = await runTest(box, { MIMECAST_BASE_URL: EU_API1_HOST });

    expectFailure(result, {
      exit: 2,
      code: 'invalid_value',
      field: 'baseUrl',
      api: '2.0',
    });
  });
});
