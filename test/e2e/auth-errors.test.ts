import { describe, expect, it } from 'vitest';
import { DEMO_TENANT, expectFailure, flatten, useSandbox } from './harness.js';

const TWENTY_MINUTES_MS = 20 * 60_000;

// Mimecast refuses the credentials: exit 3, and only the auth check runs.
describe('credentials Mimecast refuses', () => {
  const sandbox = useSandbox();

  async function runTest(env: Record<string, string> = {}) {
    const { run, valuesEnv } = sandbox();
    return run(['test', '--json'], { env: { ...valuesEnv, ...env } });
  }

  function expectOnlyAuthFailed(json: Record<string, unknown>, code: string) {
    expect(json.account).toBeNull();
    expect(json.checks).toEqual([
      { id: 'auth', ok: false, error: json.error },
    ]);
    expect((json.error as { code: string }).code).toBe(code);
  }

  it('reports invalid_signature for a wrong Secret Key', async () => {
    const wrongSecret = Buffer.alloc(48, 0x5a).toString('base64');
    sandbox().addSecret('wrong Secret Key', wrongSecret);
    const result = await runTest({ MIMECAST_SECRET_KEY: wrongSecret });

    const json = expectFailure(result, { exit: 3, code: 'invalid_signature' });
    expectOnlyAuthFailed(json, 'invalid_signature');
    expect(flatten(result.stderr)).toContain('Secret Key');
  });

  it('reports clock_skew when the clocks differ by 20 minutes', async () => {
    sandbox().sim.faults.set({ clockOffsetMs: TWENTY_MINUTES_MS });
    const result = await runTest();

    const json = expectFailure(result, { exit: 3, code: 'clock_skew' });
    expectOnlyAuthFailed(json, 'clock_skew');
    const error = json.error as Record<string, string>;
    expect(error.message).toMatch(/20 minutes/);
    expect(flatten(result.stderr)).toMatch(/clock/i);
  });

  it('reports invalid_app_id for an unknown Application ID', async () => {
    const result = await runTest({
      MIMECAST_APP_ID: '0b7f3c1e-9d2a-4e8b-a1c6-5f4d3e2b1a09',
    });

    const json = expectFailure(result, { exit: 3, code: 'invalid_app_id' });
    expectOnlyAuthFailed(json, 'invalid_app_id');
    expect(flatten(result.stderr)).toContain('Application ID');
  });

  it('reports invalid_app_id, after one retry, for an app not live yet', async () => {
    const { sim } = sandbox();
    sim.faults.set({ appNotLive: true });
    const result = await runTest();

    const json = expectFailure(result, { exit: 3, code: 'invalid_app_id' });
    expectOnlyAuthFailed(json, 'invalid_app_id');
    expect(flatten(result.stderr)).toContain('30 minutes');
    const authCalls = sim.requests.filter(
      (request) => request.path === '/api/account/get-account',
    );
    expect(authCalls).toHaveLength(2);
  });

  it('reports keys_expired for revoked keys, naming new keys then push', async () => {
    sandbox().sim.tenant.revokeKeys(DEMO_TENANT.serviceAccount.email);
    const result = await runTest();

    const json = expectFailure(result, { exit: 3, code: 'keys_expired' });
    expectOnlyAuthFailed(json, 'keys_expired');
    const hint = (json.error as Record<string, string>).hint ?? '';
    expect(hint).toContain('Never Expire');
    const createAt = hint.indexOf('mimecast-xdr keys create');
    expect(createAt).toBeGreaterThanOrEqual(0);
    expect(hint.indexOf('mimecast-xdr push')).toBeGreaterThan(createAt);
  });

  it('reports keys_expired for the revoked-keys fault as well', async () => {
    sandbox().sim.faults.set({ revokedKeys: true });
    const result = await runTest();

    expectFailure(result, { exit: 3, code: 'keys_expired' });
  });
});

describe('a role that lacks a permission', () => {
  const sandbox = useSandbox();
  const missing = 'Monitoring | Data Leak Prevention | Read';

  it('reports permission_denied on that probe alone, exit 4', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.tenant.removePermission(DEMO_TENANT.serviceAccount.email, missing);
    const result = await run(['test', '--json'], { env: valuesEnv });

    const json = expectFailure(result, { exit: 4, code: 'permission_denied' });
    const checks = json.checks as Array<Record<string, unknown>>;
    expect(checks).toHaveLength(7);
    const failed = checks.filter((check) => !check.ok);
    expect(failed).toEqual([
      {
        id: 'dlp',
        permission: missing,
        ok: false,
        error: expect.objectContaining({ code: 'permission_denied' }),
      },
    ]);
    const error = json.error as Record<string, string>;
    expect(error.message).toContain(missing);
    expect(json.account).toEqual({
      code: DEMO_TENANT.accountCode,
      name: DEMO_TENANT.accountName,
    });
    expect(flatten(result.stderr)).toContain(missing);
  });

  it('reports every missing permission when several are absent', async () => {
    const { run, valuesEnv, sim } = sandbox();
    const urls = 'Monitoring | URL Protection | Read';
    sim.faults.set({ missingPermissions: [missing, urls] });
    const result = await run(['test', '--json'], { env: valuesEnv });

    const json = expectFailure(result, { exit: 4, code: 'permission_denied' });
    const failedIds = (json.checks as Array<Record<string, unknown>>)
      .filter((check) => !check.ok)
      .map((check) => check.id);
    expect(failedIds).toEqual(['dlp', 'url-protection']);
  });
});
