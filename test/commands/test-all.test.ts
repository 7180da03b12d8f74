import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import type { TestResultJson } from '../../src/commands/check-credentials.js';
import {
  exitCodeForAll,
  mapConcurrently,
  parseConcurrency,
} from '../../src/commands/test-all.js';
import type { ErrorCode } from '../../src/errors.js';
import { main } from '../../src/main.js';
import {
  DASHBOARD_PERMISSION,
  DEMO_TENANT,
  XDR_PERMISSIONS,
  startSimulator,
  type RunningSimulator,
} from '../../src/simulator/index.js';
import {
  createConfigStore,
  createFileSecretStore,
} from '../../src/storage/index.js';
import type { ProfileSecrets } from '../../src/storage/types.js';
import { createMemoryIo, type MemoryIo } from '../helpers/memory-io.js';

const DEMO_SECRETS: ProfileSecrets = {
  appKey: DEMO_TENANT.appKey,
  accessKey: DEMO_TENANT.accessKey,
  secretKey: DEMO_TENANT.secretKey,
};

describe('parseConcurrency', () => {
  it('takes a whole number from 1 to 64', () => {
    expect(parseConcurrency('8')).toBe(8);
    expect(parseConcurrency(' 1 ')).toBe(1);
    expect(parseConcurrency('64')).toBe(64);
    expect(parseConcurrency(undefined)).toBe(8);
  });

  it.each(['0', '65', '2.5', 'many', '-3', ''])('refuses "%s"', (raw) => {
    expect(() => parseConcurrency(raw)).toThrow(
      expect.objectContaining({ code: 'invalid_value', field: 'concurrency' }),
    );
  });
});

describe('mapConcurrently', () => {
  const wait = (ms: number) =>
    new Promise((resolve) => setTimeout(resolve, ms));

  it('runs at most `limit` at once and keeps the order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 1], 3, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await wait(n * 5);
      running -= 1;
      return n * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 10]);
    expect(most).toBe(3);
  });

  it('lets the others finish while one item is slow', async () => {
    const finished: string[] = [];
    await mapConcurrently(['slow', 'a', 'b', 'c'], 2, async (name) => {
      await wait(name === 'slow' ? 80 : 5);
      finished.push(name);
    });

    expect(finished).toEqual(['a', 'b', 'c', 'slow']);
  });
});

describe('exitCodeForAll', () => {
  function result(code?: ErrorCode): TestResultJson {
    const base = {
      profile: 'p',
      api: '1.0' as const,
      baseUrl: null,
      account: null,
      checks: [],
      siemLogs: null,
    };
    if (code === undefined) return { ...base, ok: true };
    return { ...base, ok: false, error: { code, message: 'm', hint: 'h' } };
  }

  it('is 0 only when every profile passed', () => {
    expect(exitCodeForAll([result(), result()])).toBe(0);
    expect(exitCodeForAll([result(), result('internal_error')])).toBe(1);
  });

  it('picks the most urgent: 3, 4, 5, 6, 2, then 1', () => {
    const all: ErrorCode[] = [
      'internal_error',
      'missing_value',
      'keychain_unavailable',
      'unreachable',
      'permission_denied',
      'invalid_signature',
    ];
    const expected = [3, 4, 5, 6, 2, 1];
    for (const [index, code] of expected.entries()) {
      const present = all.slice(0, all.length - index);
      expect(exitCodeForAll(present.map((c) => result(c)))).toBe(code);
    }
  });
});

describe('test --all', () => {
  let sim: RunningSimulator;
  let configDir: string;
  let deadHost: string;

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });

  afterAll(() => {
    nock.enableNetConnect();
  });

  beforeEach(async () => {
    sim = await startSimulator();
    configDir = await mkdtemp(join(tmpdir(), 'mimecast-xdr-test-all-'));
    deadHost = await findClosedPort();
  });

  afterEach(async () => {
    await sim.close();
    await rm(configDir, { recursive: true, force: true });
  });

  async function seed(
    name: string,
    baseUrl: string,
    secrets: ProfileSecrets | undefined,
  ): Promise<void> {
    await createConfigStore(configDir).updateProfile(name, {
      apiVersion: '1.0',
      appId: DEMO_TENANT.appId,
      baseUrl,
      keysVerified: false,
    });
    if (secrets) await createFileSecretStore(configDir).set(name, secrets);
  }

  /** A second service account whose role lacks the DLP permission. */
  function addUserWithoutDlp(): ProfileSecrets {
    const keys = {
      accessKey: randomBytes(48).toString('base64url'),
      secretKey: randomBytes(64).toString('base64'),
    };
    sim.tenant.addUser({
      email: 'no-dlp@demo.example',
      password: 'No-Dlp-Password-1!',
      permissions: [DASHBOARD_PERMISSION, ...XDR_PERMISSIONS].filter(
        (p) => p !== 'Monitoring | Data Leak Prevention | Read',
      ),
      keys: [keys],
    });
    return { ...DEMO_SECRETS, ...keys };
  }

  async function seedMix(): Promise<void> {
    const wrongSecret = Buffer.alloc(48, 0x5a).toString('base64');
    await seed('a-pass', sim.url, DEMO_SECRETS);
    await seed('b-wrong-secret', sim.url, {
      ...DEMO_SECRETS,
      secretKey: wrongSecret,
    });
    await seed('c-no-dlp', sim.url, addUserWithoutDlp());
    await seed('d-down', `http://${deadHost}`, DEMO_SECRETS);
    await seed('e-no-secrets', sim.url, undefined);
  }

  async function run(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number; io: MemoryIo }> {
    const io = createMemoryIo({
      env: {
        MIMECAST_XDR_ALLOWED_HOSTS: `${sim.hostPort},${deadHost}`,
        ...env,
      },
    });
    const argv = ['--insecure-storage', '--config-dir', configDir, ...args];
    return { code: await main(argv, io), io };
  }

  function parseJson(io: MemoryIo): { ok: boolean; results: TestResultJson[] } {
    return JSON.parse(io.stdoutText()) as {
      ok: boolean;
      results: TestResultJson[];
    };
  }

  it('gives each profile its own result, in name order', async () => {
    await seedMix();

    const { code, io } = await run(['--json', 'test', '--all']);

    expect(code, io.stderrText()).toBe(3);
    const json = parseJson(io);
    expect(json.ok).toBe(false);
    expect(json.results.map((r) => [r.profile, r.ok, r.error?.code])).toEqual([
      ['a-pass', true, undefined],
      ['b-wrong-secret', false, 'invalid_signature'],
      ['c-no-dlp', false, 'permission_denied'],
      ['d-down', false, 'unreachable'],
      ['e-no-secrets', false, 'missing_value'],
    ]);
    const [pass, , noDlp, , noSecrets] = json.results;
    expect(pass).toMatchObject({
      api: '1.0',
      baseUrl: sim.url,
      account: { code: DEMO_TENANT.accountCode },
      siemLogs: { available: true },
    });
    expect(pass?.checks).toHaveLength(7);
    expect(noDlp?.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual([
      'dlp',
    ]);
    expect(noSecrets).toMatchObject({
      baseUrl: null,
      account: null,
      checks: [],
      siemLogs: null,
      error: { field: 'appKey' },
    });
  });

  it('records each checked profile\'s outcome', async () => {
    await seedMix();

    await run(['test', '--all']);

    const { profiles } = await createConfigStore(configDir).load();
    expect(profiles['a-pass']).toMatchObject({
      lastTest: { ok: true },
      keysVerified: true,
    });
    expect(profiles['b-wrong-secret']).toMatchObject({
      lastTest: { ok: false, code: 'invalid_signature' },
      keysVerified: false,
    });
    expect(profiles['d-down']?.lastTest?.code).toBe('unreachable');
    expect(profiles['e-no-secrets']?.lastTest).toBeUndefined();
  });

  it('prints one summary table with a fix under each failure', async () => {
    await seedMix();

    const { io } = await run(['test', '--all']);

    const lines = io.stderrText().split('\n');
    const start = lines.findIndex((line) => line.startsWith('PROFILE'));
    expect(lines[start]).toMatch(/^PROFILE\s+API\s+RESULT\s+PROBLEM$/);
    expect(lines[start + 1]).toMatch(/^a-pass\s+1\.0\s+pass$/);
    expect(lines[start + 2]).toMatch(
      /^b-wrong-secret\s+1\.0\s+fail\s+invalid_signature$/,
    );
    expect(lines[start + 3]).toMatch(/^\s+Fix: re-copy the keys/);
    expect(lines[start + 4]).toMatch(/fail\s+permission_denied: dlp$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^e-no-secrets\s+1\.0\s+fail\s+missing_value \(appKey\)$/,
      ),
    );
    expect(io.stderrText()).toContain('4 of 5 profiles failed');
  });

  it('exits with the next most urgent code as failures are fixed', async () => {
    await seedMix();
    const store = createConfigStore(configDir);

    await store.removeProfile('b-wrong-secret');
    expect((await run(['test', '--all'])).code).toBe(4);
    await store.removeProfile('c-no-dlp');
    expect((await run(['test', '--all'])).code).toBe(5);
    await store.removeProfile('d-down');
    expect((await run(['test', '--all'])).code).toBe(2);
    await store.removeProfile('e-no-secrets');
    const { code, io } = await run(['test', '--all']);
    expect(code).toBe(0);
    expect(io.stderrText()).toContain('All 1 profile passed.');
  });

  it('ignores the MIMECAST_* values, and says so with --verbose', async () => {
    await seed('acme', sim.url, DEMO_SECRETS);
    const env = {
      MIMECAST_SECRET_KEY: Buffer.alloc(48, 0x41).toString('base64'),
      MIMECAST_BASE_URL: `http://${deadHost}`,
    };

    const { code, io } = await run(['--verbose', 'test', '--all'], env);

    expect(code, io.stderrText()).toBe(0);
    expect(io.stderrText()).toMatch(
      /ignoring MIMECAST_SECRET_KEY, MIMECAST_BASE_URL: with --all/,
    );
    expect(io.stderrText()).toContain('[acme] POST /api/account/get-account');
  });

  it('turns a storage failure into every profile\'s result', async () => {
    await seed('acme', sim.url, DEMO_SECRETS);
    await seed('beta', sim.url, DEMO_SECRETS);
    await writeFile(join(configDir, 'credentials.json'), 'not json');

    const { code, io } = await run(['--json', 'test', '--all']);

    expect(code).toBe(2);
    const codes = parseJson(io).results.map((r) => r.error?.code);
    expect(codes).toEqual(['config_corrupt', 'config_corrupt']);
  });

  it('needs at least one profile', async () => {
    const { code, io } = await run(['--json', 'test', '--all']);

    expect(code).toBe(2);
    expect(JSON.parse(io.stdoutText())).toMatchObject({
      ok: false,
      results: [],
      error: { code: 'missing_value', field: 'profile' },
    });
    expect(io.stderrText()).toContain('mimecast-xdr setup --profile <name>');
  });

  it('refuses values meant for one profile', async () => {
    await seed('acme', sim.url, DEMO_SECRETS);

    const { code, io } = await run([
      '--json',
      'test',
      '--all',
      '--app-id',
      DEMO_TENANT.appId,
    ]);

    expect(code).toBe(2);
    expect(JSON.parse(io.stdoutText())).toMatchObject({
      error: { code: 'invalid_value', field: 'all' },
    });
  });

  // `test` on one profile shares the checks and the record with --all.
  it('verifies the keys only when `test` checked the stored ones', async () => {
    await seed('stored', sim.url, DEMO_SECRETS);
    await seed('from-env', sim.url, undefined);
    const env = {
      MIMECAST_APP_KEY: DEMO_TENANT.appKey,
      MIMECAST_ACCESS_KEY: DEMO_TENANT.accessKey,
      MIMECAST_SECRET_KEY: DEMO_TENANT.secretKey,
    };

    expect((await run(['--profile', 'stored', 'test'])).code).toBe(0);
    expect((await run(['--profile', 'from-env', 'test'], env)).code).toBe(0);

    const { profiles } = await createConfigStore(configDir).load();
    expect(profiles.stored?.keysVerified).toBe(true);
    expect(profiles['from-env']).toMatchObject({
      keysVerified: false,
      lastTest: { ok: true },
    });
  });

  it('refuses a concurrency out of range', async () => {
    await seed('acme', sim.url, DEMO_SECRETS);

    const { code, io } = await run([
      '--json',
      'test',
      '--all',
      '--concurrency',
      '65',
    ]);

    expect(code).toBe(2);
    expect(JSON.parse(io.stdoutText())).toMatchObject({
      error: { code: 'invalid_value', field: 'concurrency' },
    });
  });
});

/** A loopback `host:port` with nothing listening on it. */
async function findClosedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return `127.0.0.1:${address.port}`;
}
