import { describe, expect, it } from 'vitest';
import {
  DEMO_TENANT,
  describeRun,
  expectFailure,
  expectSuccess,
  useSandbox,
} from './harness.js';

const EMAIL = DEMO_TENANT.serviceAccount.email;
const PASSWORD = DEMO_TENANT.serviceAccount.password;

describe('setup --non-interactive --email', () => {
  const sandbox = useSandbox();

  it('discovers the base URL, creates keys, stores, pushes', async () => {
    const box = sandbox();
    const env = {
      MIMECAST_APP_ID: DEMO_TENANT.appId,
      MIMECAST_APP_KEY: DEMO_TENANT.appKey,
      MIMECAST_PASSWORD: PASSWORD,
      ...box.xdrEnv,
    };

    const run = await box.run(
      ['--json', '--insecure-storage', 'setup', '--email', EMAIL],
      { env },
    );

    const json = expectSuccess(run);
    expect(json).toMatchObject({
      baseUrl: box.sim.url,
      keysCreated: true,
      stored: true,
      pushed: true,
    });
    const created = box.sim.tenant.findUser(EMAIL)?.keys.slice(1) ?? [];
    expect(created, describeRun(run)).toHaveLength(1);
    expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
      expect.objectContaining({
        accessKey: created[0]?.accessKey,
        secretKey: created[0]?.secretKey,
        baseUrl: box.sim.url,
      }),
    ]);

    const again = await box.run(['--json', '--insecure-storage', 'test']);
    expect(expectSuccess(again).baseUrl).toBe(box.sim.url);
  });

  it('only discovers the base URL when the keys are given', async () => {
    const box = sandbox();
    const values: Record<string, string | undefined> = {
      ...box.valuesEnv,
      MIMECAST_BASE_URL: undefined,
    };

    const run = await box.run(
      ['--json', '--insecure-storage', 'setup'],
      { env: { ...values, MIMECAST_EMAIL: EMAIL } },
    );

    expect(expectSuccess(run)).toMatchObject({
      baseUrl: box.sim.url,
      keysCreated: false,
      stored: true,
    });
    expect(box.sim.tenant.findUser(EMAIL)?.keys).toHaveLength(1);
  });

  it('names MIMECAST_PASSWORD when keys must be made without', async () => {
    const box = sandbox();
    const env = {
      MIMECAST_APP_ID: DEMO_TENANT.appId,
      MIMECAST_APP_KEY: DEMO_TENANT.appKey,
      MIMECAST_BASE_URL: box.sim.url,
    };

    const run = await box.run(
      ['--json', '--insecure-storage', 'setup', '--email', EMAIL],
      { env },
    );

    const json = expectFailure(run, {
      exit: 2,
      code: 'missing_value',
      field: 'password',
    });
    const { hint } = json.error as { hint: string };
    expect(hint).toContain('MIMECAST_PASSWORD');
    expect(json).toMatchObject({ keysCreated: false, stored: false });
    expect(box.sim.tenant.findUser(EMAIL)?.keys).toHaveLength(1);
  });
});

describe('keys create, the built tool', () => {
  const sandbox = useSandbox();

  it('creates keys for a stored profile and reports them checked', async () => {
    const box = sandbox();
    const setup = await box.run(
      ['--json', '--insecure-storage', 'setup', '--email', EMAIL],
      { env: { ...box.valuesEnv } },
    );
    expectSuccess(setup);

    const run = await box.run(
      ['--json', '--insecure-storage', 'keys', 'create', '--password-stdin'],
      { stdin: `${PASSWORD}\n` },
    );

    expect(expectSuccess(run)).toMatchObject({
      baseUrl: box.sim.url,
      keysCreated: true,
      pushed: false,
    });
    expect(box.sim.tenant.findUser(EMAIL)?.keys).toHaveLength(2);
  });
});
