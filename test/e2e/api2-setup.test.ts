import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_TENANT,
  describeRun,
  expectFailure,
  expectResultShape,
  expectSuccess,
  flatten,
  parseJsonOutput,
  useSandbox,
  type CliRun,
  type Sandbox,
} from './harness.js';

const STORED = ['--insecure-storage'];
const SETUP = [...STORED, 'setup', '--non-interactive', '--json'];
const RETIRING = 'Mimecast is retiring API 1.0';

/** A Client Secret of the right shape that the tenant does not know. */
const WRONG_SECRET = 'Wr0ngSecretForTheDemoClient9f3kQ2mZx7LpV4bN8cR1tY6hJ0dS5aE';

/** The demo tenant's API 2.0 application, as environment variables. */
function api2Env(box: Sandbox): Record<string, string> {
  return {
    MIMECAST_CLIENT_ID: DEMO_TENANT.clientId,
    MIMECAST_CLIENT_SECRET: DEMO_TENANT.clientSecret,
    MIMECAST_BASE_URL: box.sim.url,
  };
}

/** Exactly what XDR must receive for the demo API 2.0 application. */
function expectedApi2Push(box: Sandbox) {
  return {
    integration: 'mimecast',
    apiVersion: '2.0',
    clientId: DEMO_TENANT.clientId,
    clientSecret: DEMO_TENANT.clientSecret,
    baseUrl: box.sim.url,
  };
}

interface StoredProfile {
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** One profile's entries in config.json and credentials.json. */
async function readProfile(
  box: Sandbox,
  name = 'default',
): Promise<StoredProfile> {
  const config = await readJson(join(box.configDir, 'config.json'));
  const secrets = await readJson(join(box.configDir, 'credentials.json'));
  const entry = (file: Record<string, unknown>) =>
    (file.profiles as Record<string, Record<string, unknown>>)[name] ?? {};
  return { config: entry(config), secrets: entry(secrets) };
}

/** The exact bytes of both files, to prove a run left them alone. */
async function snapshotStorage(box: Sandbox): Promise<string[]> {
  return Promise.all(
    ['config.json', 'credentials.json'].map((name) =>
      readFile(join(box.configDir, name), 'utf8'),
    ),
  );
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Sets up a profile with the demo API 1.0 values and the XDR target. */
async function setUpApi1(box: Sandbox, profile?: string): Promise<void> {
  const chosen = profile === undefined ? [] : ['--profile', profile];
  const result = await box.run([...chosen, ...SETUP], {
    env: { ...box.valuesEnv, ...box.xdrEnv },
  });
  expectSuccess(result);
}

/** Sets up a profile with the demo API 2.0 values and the XDR target. */
async function setUpApi2(box: Sandbox, profile?: string): Promise<CliRun> {
  const chosen = profile === undefined ? [] : ['--profile', profile];
  return box.run([...chosen, ...SETUP], {
    env: { ...api2Env(box), ...box.xdrEnv },
  });
}

describe('setup --non-interactive with API 2.0 values', () => {
  const sandbox = useSandbox();

  it('stores the profile, then pushes exactly the three 2.0 values', async () => {
    const box = sandbox();
    const result = await setUpApi2(box);

    const json = expectSuccess(result, '2.0');
    expect(json).toMatchObject({ stored: true, pushed: true });
    expect((json.checks as unknown[]).length).toBe(7);
    expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
      expectedApi2Push(box),
    ]);
  });

  it('keeps the Client Secret in credentials.json only', async () => {
    const box = sandbox();
    expectSuccess(await setUpApi2(box), '2.0');

    const { config, secrets } = await readProfile(box);
    expect(config).toMatchObject({
      apiVersion: '2.0',
      clientId: DEMO_TENANT.clientId,
      baseUrl: box.sim.url,
      xdrEndpoint: box.sim.xdr.endpoint,
      keysVerified: true,
    });
    expect(config).not.toHaveProperty('appId');
    expect(config).not.toHaveProperty('clientSecret');
    expect(secrets).toEqual({
      clientSecret: DEMO_TENANT.clientSecret,
      xdrToken: box.sim.xdr.token,
    });
    const path = join(box.configDir, 'credentials.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('lets test run from the stored 2.0 profile alone', async () => {
    const box = sandbox();
    expectSuccess(await setUpApi2(box), '2.0');

    const result = await box.run([...STORED, 'test', '--json']);

    const json = expectSuccess(result, '2.0');
    expect(json).toMatchObject({ profile: 'default', baseUrl: box.sim.url });
    expect(flatten(result.stderr)).toContain("Mimecast API 2.0, the profile's");
    expect(result.stderr).not.toContain(RETIRING);
  });

  it('names API 2.0 in the JSON of a value refused before any check', async () => {
    const box = sandbox();
    const result = await box.run(SETUP, {
      env: {
        ...api2Env(box),
        ...box.xdrEnv,
        MIMECAST_BASE_URL: 'https://eu-api.mimecast.com',
      },
    });

    const json = expectFailure(result, {
      exit: 2,
      code: 'invalid_value',
      field: 'baseUrl',
      api: '2.0',
    });
    expect(json).toMatchObject({ stored: false, pushed: false });
    expect(box.sim.requests).toEqual([]);
    expect(await box.configFiles()).toEqual([]);
  });

  it('re-pushes the stored 2.0 values with push', async () => {
    const box = sandbox();
    expectSuccess(await setUpApi2(box), '2.0');

    const result = await box.run([...STORED, 'push', '--json']);

    const json = expectSuccess(result, '2.0');
    expect(json).toMatchObject({ pushed: true });
    expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
      expectedApi2Push(box),
      expectedApi2Push(box),
    ]);
  });
});

describe('push with API 2.0 values', () => {
  const sandbox = useSandbox();

  it('pushes the stored 2.0 values without a token under --skip-test', async () => {
    const box = sandbox();
    expectSuccess(await setUpApi2(box), '2.0');
    const before = box.sim.requests.length;

    const result = await box.run([...STORED, 'push', '--skip-test', '--json']);

    expect(result.code, describeRun(result)).toBe(0);
    expect(parseJsonOutput(result)).toMatchObject({ api: '2.0', pushed: true });
    expect(box.sim.xdr.pushes.at(-1)?.body).toEqual(expectedApi2Push(box));
    const after = box.sim.requests.slice(before).map((r) => r.path);
    expect(after).toEqual(['/xdr/integrations/mimecast']);
  });

  it('names API 2.0 in the JSON of a value refused before any check', async () => {
    const box = sandbox();
    const result = await box.run([...STORED, 'push', '--json'], {
      env: {
        ...api2Env(box),
        ...box.xdrEnv,
        MIMECAST_BASE_URL: 'https://eu-api.mimecast.com',
      },
    });

    const json = expectFailure(result, {
      exit: 2,
      code: 'invalid_value',
      field: 'baseUrl',
      api: '2.0',
    });
    expect(json).toMatchObject({ pushed: false });
    expect(box.sim.requests).toEqual([]);
  });
});

describe('moving a profile from API 1.0 to 2.0', () => {
  const sandbox = useSandbox();

  function moveToApi2(box: Sandbox, env: Record<string, string> = {}) {
    return box.run([...SETUP, '--api', '2'], {
      env: { ...api2Env(box), ...env },
    });
  }

  it('replaces the 1.0 values once 2.0 passes, and pushes 2.0', async () => {
    const box = sandbox();
    await setUpApi1(box);

    const result = await moveToApi2(box);

    const json = expectSuccess(result, '2.0');
    expect(json).toMatchObject({ stored: true, pushed: true });
    const { config, secrets } = await readProfile(box);
    expect(config).toMatchObject({
      apiVersion: '2.0',
      clientId: DEMO_TENANT.clientId,
      baseUrl: box.sim.url,
    });
    expect(config).not.toHaveProperty('appId');
    expect(secrets).toMatchObject({ clientSecret: DEMO_TENANT.clientSecret });
    for (const name of ['appKey', 'accessKey', 'secretKey']) {
      expect(secrets).not.toHaveProperty(name);
    }
    expect(box.sim.xdr.pushes.at(-1)?.body).toEqual(expectedApi2Push(box));
    expect(box.sim.xdr.pushes).toHaveLength(2);
    expect(flatten(result.stderr)).toContain('It now uses API 2.0');
  });

  it('keeps the 1.0 profile byte for byte when 2.0 fails', async () => {
    const box = sandbox();
    await setUpApi1(box);
    const before = await snapshotStorage(box);
    box.addSecret('wrong Client Secret', WRONG_SECRET);

    const result = await moveToApi2(box, {
      MIMECAST_CLIENT_SECRET: WRONG_SECRET,
    });

    const json = expectFailure(result, {
      exit: 3,
      code: 'invalid_client',
      api: '2.0',
    });
    expect(json).toMatchObject({ stored: false, pushed: false });
    expect(await snapshotStorage(box)).toEqual(before);
    expect(box.sim.xdr.pushes).toHaveLength(1);
    expect(flatten(result.stderr)).toContain('keeps its API 1.0 values');

    const after = await box.run([...STORED, 'test', '--json']);
    expect(expectSuccess(after).api).toBe('1.0');
  });

  it('warns once on a 1.0 profile, naming setup --api 2', async () => {
    const box = sandbox();
    await setUpApi1(box);

    const result = await box.run([...STORED, 'test', '--json']);

    expectSuccess(result);
    expect(count(result.stderr, RETIRING), result.stderr).toBe(1);
    expect(flatten(result.stderr)).toContain('mimecast-xdr setup --api 2');
  });

  it('names the profile in the notice when one was chosen', async () => {
    const box = sandbox();
    await setUpApi1(box, 'acme');

    const result = await box.run([...STORED, '--profile', 'acme', 'test']);

    expect(result.code, describeRun(result)).toBe(0);
    expect(count(result.stderr, RETIRING)).toBe(1);
    expect(flatten(result.stderr)).toContain(
      'mimecast-xdr setup --api 2 --profile acme',
    );
  });
});

describe('many tenants on both APIs', () => {
  const sandbox = useSandbox();

  async function setUpMix(box: Sandbox): Promise<void> {
    await setUpApi1(box, 'one');
    expectSuccess(await setUpApi2(box, 'two'), '2.0');
  }

  it('checks a 1.0 and a 2.0 profile in one test --all', async () => {
    const box = sandbox();
    await setUpMix(box);

    const result = await box.run([...STORED, '--json', 'test', '--all']);

    expect(result.code, describeRun(result)).toBe(0);
    const json = parseJsonOutput(result);
    expect(json.ok).toBe(true);
    const results = json.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.profile, r.api, r.ok])).toEqual([
      ['one', '1.0', true],
      ['two', '2.0', true],
    ]);
    expectResultShape(results[0] ?? {}, '1.0');
    expectResultShape(results[1] ?? {}, '2.0');
    expect(count(result.stderr, RETIRING)).toBe(1);
  });

  it('lists both API versions, and warns of 1.0 only on its profile', async () => {
    const box = sandbox();
    await setUpMix(box);

    const list = await box.run(['--json', 'profiles', 'list']);
    const status = await box.run(['--json', 'status']);

    expect(list.code, describeRun(list)).toBe(0);
    const entries = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e.name, e.apiVersion, e.baseUrl])).toEqual([
      ['one', '1.0', box.sim.url],
      ['two', '2.0', box.sim.url],
    ]);

    expect(status.code, describeRun(status)).toBe(0);
    const { profiles } = parseJsonOutput(status) as {
      profiles: Array<{
        name: string;
        apiVersion: string;
        warnings: Array<{ code: string; message: string }>;
      }>;
    };
    const codes = (name: string) =>
      profiles.find((p) => p.name === name)?.warnings.map((w) => w.code);
    expect(codes('one')).toEqual(['api_1_retiring']);
    expect(codes('two')).toEqual([]);
    expect(profiles.map((p) => p.apiVersion)).toEqual(['1.0', '2.0']);
  });

  it('shows the API of each profile in the summary table', async () => {
    const box = sandbox();
    await setUpMix(box);

    const result = await box.run([...STORED, 'test', '--all']);

    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toMatch(/^one\s+1\.0\s+pass/m);
    expect(result.stderr).toMatch(/^two\s+2\.0\s+pass/m);
  });

  it('exits 3 when only the 2.0 tenant is refused, hiding neither', async () => {
    const box = sandbox();
    await setUpMix(box);
    box.sim.tenant.revokeApi2Application(DEMO_TENANT.clientId);

    const result = await box.run([...STORED, '--json', 'test', '--all']);

    expect(result.code, describeRun(result)).toBe(3);
    const results = parseJsonOutput(result).results as Array<{
      profile: string;
      api: string;
      error?: { code: string };
    }>;
    expect(results.map((r) => [r.profile, r.api, r.error?.code])).toEqual([
      ['one', '1.0', undefined],
      ['two', '2.0', 'invalid_client'],
    ]);
  });
});
