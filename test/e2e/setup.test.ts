import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_TENANT,
  expectFailure,
  expectSuccess,
  flatten,
  parseJsonOutput,
  useSandbox,
  type Sandbox,
} from './harness.js';

const SETUP = ['--insecure-storage', 'setup', '--non-interactive', '--json'];

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

function expectedPush(sandbox: Sandbox) {
  return {
    integration: 'mimecast',
    apiVersion: '1.0',
    applicationId: DEMO_TENANT.appId,
    applicationKey: DEMO_TENANT.appKey,
    accessKey: DEMO_TENANT.accessKey,
    secretKey: DEMO_TENANT.secretKey,
    baseUrl: sandbox.sim.url,
  };
}

describe('setup --non-interactive', () => {
  const sandbox = useSandbox();

  it('stores the profile, then pushes exactly the five values', async () => {
    const box = sandbox();
    const result = await box.run(SETUP, {
      env: { ...box.valuesEnv, ...box.xdrEnv },
    });

    const json = expectSuccess(result);
    expect(json).toMatchObject({ stored: true, pushed: true });
    expect((json.checks as unknown[]).length).toBe(7);
    expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
      expectedPush(box),
    ]);
    expect(result.stderr).toMatch(/warning.*credentials\.json/i);
  });

  it('keeps the secrets out of config.json, in a 0600 credentials.json', async () => {
    const box = sandbox();
    await box.run(SETUP, { env: { ...box.valuesEnv, ...box.xdrEnv } });

    const config = await readJson(join(box.configDir, 'config.json'));
    expect(config).toMatchObject({
      profiles: {
        default: {
          appId: DEMO_TENANT.appId,
          baseUrl: box.sim.url,
          xdrEndpoint: box.sim.xdr.endpoint,
        },
      },
    });
    const credentialsPath = join(box.configDir, 'credentials.json');
    expect((await stat(credentialsPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(box.configDir, 'config.json'))).mode & 0o777).toBe(
      0o600,
    );
    expect((await stat(box.configDir)).mode & 0o777).toBe(0o700);
    expect(await readJson(credentialsPath)).toMatchObject({
      profiles: {
        default: {
          appKey: DEMO_TENANT.appKey,
          accessKey: DEMO_TENANT.accessKey,
          secretKey: DEMO_TENANT.secretKey,
          xdrToken: box.sim.xdr.token,
        },
      },
    });
  });

  it('lets test run from the stored profile alone', async () => {
    const box = sandbox();
    await box.run(SETUP, { env: { ...box.valuesEnv, ...box.xdrEnv } });

    const result = await box.run(['--insecure-storage', 'test', '--json']);

    const json = expectSuccess(result);
    expect(json.baseUrl).toBe(box.sim.url);
    expect(json.profile).toBe('default');
  });

  it('keeps separate profiles apart', async () => {
    const box = sandbox();
    await box.run(['--profile', 'acme', ...SETUP], { env: box.valuesEnv });

    const other = await box.run(['--insecure-storage', 'test', '--json']);
    const acme = await box.run([
      '--insecure-storage',
      '--profile',
      'acme',
      'test',
      '--json',
    ]);

    // Nothing of either API is known for the default profile.
    expectFailure(other, { exit: 2, code: 'missing_value' });
    expect(other.stderr).toContain('MIMECAST_CLIENT_ID');
    expect(expectSuccess(acme).profile).toBe('acme');
  });

  it('without an XDR endpoint lists the five values masked', async () => {
    const box = sandbox();
    const result = await box.run(
      ['--insecure-storage', 'setup', '--non-interactive'],
      { env: box.valuesEnv },
    );

    expect(result.code, result.stderr).toBe(0);
    expect(box.sim.xdr.pushes).toHaveLength(0);
    const listing = result.stderr.slice(
      result.stderr.indexOf('Enter these in the XDR dashboard'),
    );
    const order = [
      DEMO_TENANT.appId,
      `••••${DEMO_TENANT.appKey.slice(-4)}`,
      `••••${DEMO_TENANT.accessKey.slice(-4)}`,
      `••••${DEMO_TENANT.secretKey.slice(-4)}`,
      box.sim.url,
    ];
    const positions = order.map((shown) => listing.indexOf(shown));
    expect(positions.every((at) => at >= 0), listing).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const secret of [
      DEMO_TENANT.appKey,
      DEMO_TENANT.accessKey,
      DEMO_TENANT.secretKey,
    ]) {
      expect(result.stderr).not.toContain(secret);
    }
  });

  it('stores nothing when the checks fail', async () => {
    const box = sandbox();
    box.sim.faults.set({ revokedKeys: true });
    const result = await box.run(SETUP, {
      env: { ...box.valuesEnv, ...box.xdrEnv },
    });

    const json = expectFailure(result, { exit: 3, code: 'keys_expired' });
    expect(json).toMatchObject({ stored: false, pushed: false });
    expect(await box.configFiles()).toEqual([]);
    expect(box.sim.xdr.pushes).toHaveLength(0);
  });

  it('reports keychain_unavailable without --insecure-storage', async () => {
    const box = sandbox();
    const result = await box.run(['setup', '--non-interactive', '--json'], {
      env: { ...box.valuesEnv, ...box.xdrEnv },
    });

    const json = expectFailure(result, {
      exit: 6,
      code: 'keychain_unavailable',
    });
    expect(json).toMatchObject({ stored: false, pushed: false });
    expect((json.error as Record<string, string>).hint).toContain(
      '--insecure-storage',
    );
    expect(flatten(result.stderr)).toContain('--insecure-storage');
    expect(box.sim.xdr.pushes).toHaveLength(0);
    const names = (await box.configFiles()).map((file) => file.path);
    expect(names.some((path) => path.endsWith('config.json'))).toBe(false);
  });

  it('reads the values from --credentials-stdin', async () => {
    const box = sandbox();
    const stdin = JSON.stringify({
      appKey: DEMO_TENANT.appKey,
      accessKey: DEMO_TENANT.accessKey,
      secretKey: DEMO_TENANT.secretKey,
      xdrToken: box.sim.xdr.token,
    });
    const result = await box.run([...SETUP, '--credentials-stdin'], {
      stdin,
      env: {
        MIMECAST_APP_ID: DEMO_TENANT.appId,
        MIMECAST_BASE_URL: box.sim.url,
        MIMECAST_XDR_ENDPOINT: box.sim.xdr.endpoint,
      },
    });

    expect(parseJsonOutput(result)).toMatchObject({ ok: true, pushed: true });
    expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
      expectedPush(box),
    ]);
  });
});

describe('setup --non-interactive with the service account', () => {
  const sandbox = useSandbox();

  it('creates keys by login, stores and pushes them, leaking none', async () => {
    const box = sandbox();
    const user = box.sim.tenant.findUser(DEMO_TENANT.serviceAccount.email);
    const keysBefore = user?.keys.length ?? 0;
    const result = await box.run(SETUP, {
      env: {
        ...box.valuesEnv,
        ...box.xdrEnv,
        MIMECAST_ACCESS_KEY: undefined,
        MIMECAST_SECRET_KEY: undefined,
        MIMECAST_EMAIL: DEMO_TENANT.serviceAccount.email,
        MIMECAST_PASSWORD: DEMO_TENANT.serviceAccount.password,
      },
    });

    const json = expectSuccess(result);
    expect(json).toMatchObject({ keysCreated: true, stored: true });
    expect(user?.keys.length).toBe(keysBefore + 1);
    const created = user?.keys.at(-1);
    expect(box.sim.xdr.pushes.map((push) => push.body.accessKey)).toEqual([
      created?.accessKey,
    ]);
    expect(box.sim.xdr.pushes[0]?.body.secretKey).toBe(created?.secretKey);
  });
});
