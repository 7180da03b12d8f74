import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pickLoginType } from '../../src/commands/service-login.js';
import { main } from '../../src/main.js';
import {
  DEMO_TENANT,
  XDR_PERMISSIONS,
  startSimulator,
  type RunningSimulator,
} from '../../src/simulator/index.js';
import {
  createConfigStore,
  createFileSecretStore,
} from '../../src/storage/index.js';
import { createMemoryIo, type MemoryIo } from '../helpers/memory-io.js';

const EMAIL = DEMO_TENANT.serviceAccount.email;
const PASSWORD = DEMO_TENANT.serviceAccount.password;

let sim: RunningSimulator;
let configDir: string;

beforeEach(async () => {
  sim = await startSimulator();
  configDir = await mkdtemp(join(tmpdir(), 'mimecast-xdr-keys-'));
});

afterEach(async () => {
  await sim.close();
  await rm(configDir, { recursive: true, force: true });
});

/** The environment of a run: the simulator allowed, nothing else known. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    MIMECAST_XDR_ALLOWED_HOSTS: sim.hostPort,
    MIMECAST_DISCOVERY_URL: sim.url,
    MIMECAST_APP_ID: DEMO_TENANT.appId,
    MIMECAST_APP_KEY: DEMO_TENANT.appKey,
    ...extra,
  };
}

interface KeysRun {
  code: number;
  io: MemoryIo;
  json: Record<string, unknown>;
}

async function runKeys(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<KeysRun> {
  const io = createMemoryIo(stdin === undefined ? { env } : { env, stdin });
  const argv = [
    '--json',
    '--verbose',
    '--insecure-storage',
    '--config-dir',
    configDir,
    'keys',
    'create',
    ...args,
  ];
  const code = await main(argv, io);
  return { code, io, json: parseStdout(io) };
}

function parseStdout(io: MemoryIo): Record<string, unknown> {
  const text = io.stdoutText();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not JSON:\n${text}\n${io.stderrText()}`);
  }
}

function describeRun(run: KeysRun): string {
  return `exit ${run.code}\n${run.io.stdoutText()}\n${run.io.stderrText()}`;
}

function liveKeys(): Array<{ accessKey: string; secretKey: string }> {
  const user = sim.tenant.findUser(EMAIL);
  if (!user) throw new Error('the demo user is missing');
  return user.keys.slice(1);
}

async function storedSecrets(profile = 'default') {
  return createFileSecretStore(configDir).get(profile);
}

async function storedSettings(profile = 'default') {
  return createConfigStore(configDir).getProfile(profile);
}

function expectNoSecretIn(run: KeysRun, secrets: string[]): void {
  const text = run.io.stdoutText() + run.io.stderrText();
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('keys create', () => {
  it('discovers the base URL, creates, stores and checks keys', async () => {
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL, MIMECAST_PASSWORD: PASSWORD });

    const run = await runKeys([], env);

    expect(run.code, describeRun(run)).toBe(0);
    expect(run.json).toMatchObject({
      ok: true,
      profile: 'default',
      api: '1.0',
      baseUrl: sim.url,
      keysCreated: true,
      pushed: false,
    });
    const [created] = liveKeys();
    expect(created).toBeDefined();
    expect(await storedSecrets()).toEqual({
      appKey: DEMO_TENANT.appKey,
      accessKey: created?.accessKey,
      secretKey: created?.secretKey,
    });
    expect(await storedSettings()).toMatchObject({
      appId: DEMO_TENANT.appId,
      baseUrl: sim.url,
      keysVerified: true,
      lastTest: { ok: true },
    });
    expectNoSecretIn(run, [
      PASSWORD,
      created?.accessKey ?? '',
      created?.secretKey ?? '',
      DEMO_TENANT.appKey,
    ]);
  });

  it('keeps the Application Key and XDR token already stored', async () => {
    await createFileSecretStore(configDir).set('default', {
      appKey: DEMO_TENANT.appKey,
      accessKey: 'old-access',
      secretKey: 'old-secret',
      xdrToken: sim.xdr.token,
    });
    await createConfigStore(configDir).updateProfile('default', {
      appId: DEMO_TENANT.appId,
      baseUrl: sim.url,
      keysVerified: true,
    });
    const env = {
      MIMECAST_XDR_ALLOWED_HOSTS: sim.hostPort,
      MIMECAST_PASSWORD: PASSWORD,
    };

    const run = await runKeys(['--email', EMAIL], env);

    expect(run.code, describeRun(run)).toBe(0);
    const [created] = liveKeys();
    expect(await storedSecrets()).toEqual({
      appKey: DEMO_TENANT.appKey,
      accessKey: created?.accessKey,
      secretKey: created?.secretKey,
      xdrToken: sim.xdr.token,
    });
  });

  it("uses the address setup saved on the profile", async () => {
    await createConfigStore(configDir).updateProfile('default', {
      setup: {
        completedSteps: [1, 2],
        skippedSteps: [],
        serviceAccountEmail: EMAIL,
        updatedAt: new Date().toISOString(),
      },
    });

    const run = await runKeys([], baseEnv({ MIMECAST_PASSWORD: PASSWORD }));

    expect(run.code, describeRun(run)).toBe(0);
    expect(liveKeys()).toHaveLength(1);
  });

  it('reads the password from stdin, without its final newline', async () => {
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL });

    const run = await runKeys(['--password-stdin'], env, `${PASSWORD}\n`);

    expect(run.code, describeRun(run)).toBe(0);
    expect(liveKeys()).toHaveLength(1);
  });

  it('strips only one newline from the password on stdin', async () => {
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL });

    const run = await runKeys(['--password-stdin'], env, `${PASSWORD}\n\n`);

    expect(run.code, describeRun(run)).toBe(2);
    expect(run.json.error).toMatchObject({
      code: 'invalid_value',
      field: 'password',
    });
    expect(liveKeys()).toHaveLength(0);
  });

  it('without a terminal or password, names where one comes from', async () => {
    const run = await runKeys([], baseEnv({ MIMECAST_EMAIL: EMAIL }));

    expect(run.code).toBe(2);
    const error = run.json.error as Record<string, string>;
    expect(error).toMatchObject({ code: 'missing_value', field: 'password' });
    expect(error.hint).toContain('MIMECAST_PASSWORD');
    expect(error.hint).toContain('--password-stdin');
    expect(run.json).toMatchObject({ keysCreated: false, pushed: false });
    expect(sim.tenant.findUser(EMAIL)?.keys).toHaveLength(1);
  });

  it('without an address, names --email and MIMECAST_EMAIL', async () => {
    const run = await runKeys([], baseEnv({ MIMECAST_PASSWORD: PASSWORD }));

    expect(run.code).toBe(2);
    const error = run.json.error as Record<string, string>;
    expect(error).toMatchObject({ code: 'missing_value', field: 'email' });
    expect(error.hint).toContain('--email');
    expect(error.hint).toContain('MIMECAST_EMAIL');
  });

  it('signs in with Basic-AD when the account takes only that', async () => {
    sim.tenant.setLoginTypes(EMAIL, ['Basic-AD']);
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL, MIMECAST_PASSWORD: PASSWORD });

    const run = await runKeys([], env);

    expect(run.code, describeRun(run)).toBe(0);
    expect(liveKeys()).toHaveLength(1);
  });

  it('says a new application may not be live yet', async () => {
    sim.tenant.setApplicationCreatedAt(DEMO_TENANT.appId, new Date());
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL, MIMECAST_PASSWORD: PASSWORD });

    const run = await runKeys([], env);

    expect(run.code).toBe(3);
    const error = run.json.error as Record<string, string>;
    expect(error.code).toBe('invalid_app_id');
    expect(error.hint).toMatch(/not be live yet/);
    expect(error.hint).toContain('30 minutes');
    expect(await storedSecrets()).toBeUndefined();
  });

  it('keeps new keys that fail the checks, marked unverified', async () => {
    sim.tenant.removePermission(EMAIL, XDR_PERMISSIONS[1]);
    const env = baseEnv({
      MIMECAST_EMAIL: EMAIL,
      MIMECAST_PASSWORD: PASSWORD,
      ...xdrEnv(),
    });

    const run = await runKeys(['--push'], env);

    expect(run.code, describeRun(run)).toBe(4);
    expect(run.json).toMatchObject({
      ok: false,
      keysCreated: true,
      pushed: false,
      error: { code: 'permission_denied' },
    });
    expect((await storedSecrets())?.accessKey).toBe(liveKeys()[0]?.accessKey);
    expect(await storedSettings()).toMatchObject({
      keysVerified: false,
      lastTest: { ok: false, code: 'permission_denied' },
    });
    expect(sim.xdr.pushes).toHaveLength(0);
  });

  it('with --push, hands the new keys to XDR once they pass', async () => {
    const env = baseEnv({
      MIMECAST_EMAIL: EMAIL,
      MIMECAST_PASSWORD: PASSWORD,
      ...xdrEnv(),
    });

    const run = await runKeys(['--push'], env);

    expect(run.code, describeRun(run)).toBe(0);
    expect(run.json).toMatchObject({ ok: true, pushed: true });
    const [created] = liveKeys();
    expect(sim.xdr.pushes.map((push) => push.body)).toEqual([
      expect.objectContaining({
        applicationId: DEMO_TENANT.appId,
        applicationKey: DEMO_TENANT.appKey,
        accessKey: created?.accessKey,
        secretKey: created?.secretKey,
        baseUrl: sim.url,
      }),
    ]);
    expectNoSecretIn(run, [sim.xdr.token, created?.secretKey ?? '']);
  });

  it('refuses --push without an XDR endpoint before signing in', async () => {
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL, MIMECAST_PASSWORD: PASSWORD });

    const run = await runKeys(['--push'], env);

    expect(run.code).toBe(2);
    expect(run.json.error).toMatchObject({
      code: 'missing_value',
      field: 'xdrEndpoint',
    });
    expect(liveKeys()).toHaveLength(0);
  });

  it('with --demo, uses the demo account and its simulator', async () => {
    const run = await runKeys(['--demo'], {});

    expect(run.code, describeRun(run)).toBe(0);
    expect(run.json).toMatchObject({
      ok: true,
      profile: 'demo',
      keysCreated: true,
    });
    expect(run.io.stderrText()).toContain('mimecast-xdr push --demo');
    expect((await storedSettings('demo'))?.keysVerified).toBe(true);
  });

  it('prints nothing but the one JSON object on stdout', async () => {
    const env = baseEnv({ MIMECAST_EMAIL: EMAIL, MIMECAST_PASSWORD: PASSWORD });

    const run = await runKeys([], env);

    expect(run.io.stdoutText().trim().startsWith('{')).toBe(true);
    expect(run.io.stdoutText().trim().endsWith('}')).toBe(true);
    const config = await readFile(join(configDir, 'config.json'), 'utf8');
    expect(config).not.toContain(liveKeys()[0]?.secretKey ?? '');
  });
});

describe('pickLoginType', () => {
  it('prefers Basic-Cloud and falls back to it when nothing is said', () => {
    expect(pickLoginType(['Basic-Cloud', 'Basic-AD'])).toBe('Basic-Cloud');
    expect(pickLoginType(['Basic-AD'])).toBe('Basic-AD');
    expect(pickLoginType([])).toBe('Basic-Cloud');
  });
});

function xdrEnv(): Record<string, string> {
  return {
    MIMECAST_XDR_ENDPOINT: sim.xdr.endpoint,
    MIMECAST_XDR_TOKEN: sim.xdr.token,
  };
}
