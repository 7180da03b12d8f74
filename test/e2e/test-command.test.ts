import { describe, expect, it } from 'vitest';
import {
  DEMO_TENANT,
  expectFailure,
  expectSuccess,
  flatten,
  useSandbox,
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

describe('test', () => {
  const sandbox = useSandbox();

  it('passes all seven checks with values from the environment', async () => {
    const { run, valuesEnv, sim } = sandbox();
    const result = await run(['test', '--json'], { env: valuesEnv });

    const json = expectSuccess(result);
    expect(json).toMatchObject({
      profile: 'default',
      baseUrl: sim.url,
      account: { code: DEMO_TENANT.accountCode, name: DEMO_TENANT.accountName },
      siemLogs: { available: true },
    });
    const checks = json.checks as Array<Record<string, unknown>>;
    expect(checks.map((check) => check.id)).toEqual(CHECK_IDS);
    expect(checks.every((check) => check.ok === true)).toBe(true);
  });

  it('prints the table on stderr and nothing on stdout without --json', async () => {
    const { run, valuesEnv } = sandbox();
    const result = await run(['test'], { env: valuesEnv });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    for (const id of CHECK_IDS) expect(result.stderr).toContain(id);
    expect(result.stderr).toContain('All checks passed.');
  });

  it('describes each request under --verbose', async () => {
    const { run, valuesEnv } = sandbox();
    const result = await run(['test', '--json'], { env: valuesEnv });

    expect(result.stderr).toContain('POST /api/account/get-account');
    expect(result.stderr).toContain('POST /api/audit/get-siem-logs');
    expect(result.stderr).not.toMatch(/authorization/i);
  });

  it('reports SIEM logs not yet available without failing', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.tenant.setSiemLogsAvailable(false);
    const result = await run(['test', '--json'], { env: valuesEnv });

    expect(expectSuccess(result).siemLogs).toEqual({ available: false });
  });

  it('reads the values from --credentials-stdin', async () => {
    const { run, sim } = sandbox();
    const stdin = JSON.stringify({
      appId: DEMO_TENANT.appId,
      appKey: DEMO_TENANT.appKey,
      accessKey: DEMO_TENANT.accessKey,
      secretKey: DEMO_TENANT.secretKey,
      baseUrl: `  ${sim.url}/api/\n`,
    });
    const result = await run(['test', '--credentials-stdin', '--json'], {
      stdin,
    });

    expect(expectSuccess(result).baseUrl).toBe(sim.url);
  });

  it('refuses stdin that is not one JSON object, without echoing it', async () => {
    const { run, addSecret } = sandbox();
    const secret = 'Zx81Lq0Vb7Nm3Kd5Rf2Tg9Hw4Jc6Ps1y';
    addSecret('secret in broken stdin', secret);
    const result = await run(['test', '--credentials-stdin', '--json'], {
      stdin: `{"secretKey": "${secret}"`,
    });

    expectFailure(result, {
      exit: 2,
      code: 'invalid_value',
      field: 'credentials-stdin',
    });
  });

  it('cleans what a paste brings before checking a value', async () => {
    const { run, valuesEnv } = sandbox();
    const result = await run(['test', '--json'], {
      env: {
        ...valuesEnv,
        MIMECAST_SECRET_KEY: `"${DEMO_TENANT.secretKey}\u200b"\r\n`,
      },
    });

    expectSuccess(result);
  });

  it('runs against the built-in tenant with --demo', async () => {
    const { run } = sandbox();
    const result = await run(['test', '--demo', '--json']);

    const json = expectSuccess(result);
    expect(json.profile).toBe('demo');
    expect(flatten(result.stderr)).toContain('simulated tenant runs at');
  });
});
