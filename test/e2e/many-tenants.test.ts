import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DASHBOARD_PERMISSION,
  XDR_PERMISSIONS,
} from '../../src/simulator/index.js';
import {
  createConfigStore,
  createFileSecretStore,
} from '../../src/storage/index.js';
import type { ProfileSecrets } from '../../src/storage/types.js';
import {
  DEMO_TENANT,
  describeRun,
  expectResultShape,
  parseJsonOutput,
  useSandbox,
  type CliRun,
} from './harness.js';

const DEMO_SECRETS: ProfileSecrets = {
  appKey: DEMO_TENANT.appKey,
  accessKey: DEMO_TENANT.accessKey,
  secretKey: DEMO_TENANT.secretKey,
};

interface Result {
  ok: boolean;
  profile: string;
  error?: { code: string };
  checks: Array<{ id: string; ok: boolean }>;
}

/** A loopback server that takes connections and never answers. */
interface SilentServer {
  host: string;
  close(): Promise<void>;
}

async function listenSilently(): Promise<SilentServer> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error();
  return {
    host: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback `host:port` with nothing listening on it. */
async function findClosedHost(): Promise<string> {
  const silent = await listenSilently();
  await silent.close();
  return silent.host;
}

describe('many tenants', () => {
  const sandbox = useSandbox();
  const servers: SilentServer[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function seed(
    name: string,
    baseUrl: string,
    secrets: ProfileSecrets,
  ): Promise<void> {
    const { configDir } = sandbox();
    await createConfigStore(configDir).updateProfile(name, {
      apiVersion: '1.0',
      appId: DEMO_TENANT.appId,
      baseUrl,
    });
    await createFileSecretStore(configDir).set(name, secrets);
  }

  /** Keys of a second service account whose role lacks DLP. */
  function keysWithoutDlp(): ProfileSecrets {
    const keys = {
      accessKey: randomBytes(48).toString('base64url'),
      secretKey: randomBytes(64).toString('base64'),
    };
    sandbox().sim.tenant.addUser({
      email: 'no-dlp@demo.example',
      password: randomBytes(12).toString('hex'),
      permissions: [DASHBOARD_PERMISSION, ...XDR_PERMISSIONS].filter(
        (p) => p !== 'Monitoring | Data Leak Prevention | Read',
      ),
      keys: [keys],
    });
    return { ...DEMO_SECRETS, ...keys };
  }

  /**
   * acme through setup itself; then a wrong Secret Key, a role without
   * DLP, and a base URL where nothing listens.
   */
  async function seedMix(): Promise<Record<string, string>> {
    const { run, sim, valuesEnv, addSecret } = sandbox();
    const closed = await findClosedHost();
    const env = { MIMECAST_XDR_ALLOWED_HOSTS: `${sim.hostPort},${closed}` };
    const setup = await run(
      ['--insecure-storage', '--profile', 'acme', 'setup', '--non-interactive'],
      { env: { ...valuesEnv, ...env } },
    );
    expect(setup.code, describeRun(setup)).toBe(0);

    const wrongSecret = Buffer.alloc(48, 0x5a).toString('base64');
    addSecret('wrong Secret Key', wrongSecret);
    await seed('bad-secret', sim.url, {
      ...DEMO_SECRETS,
      secretKey: wrongSecret,
    });
    await seed('no-dlp', sim.url, keysWithoutDlp());
    await seed('offline', `http://${closed}`, DEMO_SECRETS);
    return env;
  }

  function testAll(env: Record<string, string>, json = true) {
    const args = ['--insecure-storage', ...(json ? ['--json'] : [])];
    return sandbox().run([...args, 'test', '--all'], { env });
  }

  function resultsOf(run: CliRun): Result[] {
    const json = parseJsonOutput(run);
    expect(Object.keys(json).sort()).toEqual(['ok', 'results']);
    const results = json.results as Result[];
    for (const result of results) {
      expectResultShape(result as unknown as Record<string, unknown>);
    }
    return results;
  }

  it('checks every tenant, and one offline hides none', async () => {
    const env = await seedMix();

    const run = await testAll(env);

    expect(run.code, describeRun(run)).toBe(3);
    expect(parseJsonOutput(run).ok).toBe(false);
    const results = resultsOf(run);
    expect(results.map((r) => [r.profile, r.ok, r.error?.code])).toEqual([
      ['acme', true, undefined],
      ['bad-secret', false, 'invalid_signature'],
      ['no-dlp', false, 'permission_denied'],
      ['offline', false, 'unreachable'],
    ]);
    const noDlp = results.find((r) => r.profile === 'no-dlp');
    expect(noDlp?.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual([
      'dlp',
    ]);
  });

  it('prints one summary table after all are done', async () => {
    const env = await seedMix();

    const run = await testAll(env, false);

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const table = run.stderr
      .split('\n')
      .filter((line) => !line.startsWith('debug:'));
    const start = table.findIndex((line) => line.startsWith('PROFILE'));
    expect(start, run.stderr).toBeGreaterThanOrEqual(0);
    expect(table.slice(start, start + 8).join('\n')).toMatch(
      new RegExp(
        [
          'PROFILE\\s+API\\s+RESULT\\s+PROBLEM',
          'acme\\s+1\\.0\\s+pass',
          'bad-secret\\s+1\\.0\\s+fail\\s+invalid_signature',
          '\\s+Fix: .+',
          'no-dlp\\s+1\\.0\\s+fail\\s+permission_denied: dlp',
          '\\s+Fix: .+',
          'offline\\s+1\\.0\\s+fail\\s+unreachable',
          '\\s+Fix: .+',
        ].join('\n'),
      ),
    );
    expect(run.stderr).toContain('3 of 4 profiles failed');
  });

  it('exits with the most urgent code: 3, then 4, then 5', async () => {
    const env = await seedMix();
    const remove = (name: string) =>
      sandbox().run(
        ['--insecure-storage', 'profiles', 'remove', name, '--yes'],
      );

    expect((await testAll(env)).code).toBe(3);
    expect((await remove('bad-secret')).code).toBe(0);
    expect((await testAll(env)).code).toBe(4);
    expect((await remove('no-dlp')).code).toBe(0);
    expect((await testAll(env)).code).toBe(5);
    expect((await remove('offline')).code).toBe(0);
    expect((await testAll(env)).code).toBe(0);
  });

  it('lets the other tenants finish while one never answers', async () => {
    const { sim, run, configDir } = sandbox();
    const silent = await listenSilently();
    servers.push(silent);
    await seed('a-silent', `http://${silent.host}`, DEMO_SECRETS);
    for (const name of ['b', 'c', 'd']) await seed(name, sim.url, DEMO_SECRETS);
    const env = {
      MIMECAST_XDR_ALLOWED_HOSTS: `${sim.hostPort},${silent.host}`,
    };

    const result = await run(
      ['--insecure-storage', '--json', '--timeout', '1', 'test', '--all',
        '--concurrency', '2'],
      { env },
    );

    expect(result.code, describeRun(result)).toBe(5);
    expect(resultsOf(result).map((r) => r.error?.code)).toEqual([
      'unreachable',
      undefined,
      undefined,
      undefined,
    ]);
    const { profiles } = await createConfigStore(configDir).load();
    const silentAt = Date.parse(profiles['a-silent']?.lastTest?.at ?? '');
    for (const name of ['b', 'c', 'd']) {
      const at = Date.parse(profiles[name]?.lastTest?.at ?? '');
      expect(at).toBeLessThan(silentAt);
    }
  });

  it('shows the outcome in profiles list and status', async () => {
    const env = await seedMix();
    await testAll(env);
    const { run } = sandbox();

    const list = await run(['--json', 'profiles', 'list']);
    const status = await run(['--json', 'status']);

    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as Array<{
      name: string;
      lastTest: { ok: boolean; code?: string } | null;
      keysVerified: boolean;
    }>;
    expect(entries.map((e) => [e.name, e.lastTest?.code ?? 'ok'])).toEqual([
      ['acme', 'ok'],
      ['bad-secret', 'invalid_signature'],
      ['no-dlp', 'permission_denied'],
      ['offline', 'unreachable'],
    ]);
    expect(entries[0]?.keysVerified).toBe(true);

    expect(status.code).toBe(0);
    const { profiles } = parseJsonOutput(status) as {
      profiles: Array<{ name: string; warnings: Array<{ code: string }> }>;
    };
    const codes = (name: string) =>
      profiles.find((p) => p.name === name)?.warnings.map((w) => w.code);
    expect(codes('acme')).toEqual(['api_1_retiring']);
    expect(codes('bad-secret')).toEqual([
      'api_1_retiring',
      'last_check_failed',
      'keys_unverified',
    ]);
  });

  it('removes a profile only with --yes, and all of it', async () => {
    await seedMix();
    const { run, configDir } = sandbox();

    const unconfirmed = await run(['--insecure-storage', '--json', 'profiles',
      'remove', 'acme']);
    expect(unconfirmed.code).toBe(2);
    expect(parseJsonOutput(unconfirmed)).toMatchObject({
      error: { code: 'missing_value' },
    });

    const removed = await run(['--insecure-storage', '--json', 'profiles',
      'remove', 'acme', '--yes']);
    expect(removed.code, describeRun(removed)).toBe(0);
    expect(parseJsonOutput(removed)).toEqual({
      ok: true,
      profile: 'acme',
      removed: { config: true, secrets: true },
    });
    const config = await createConfigStore(configDir).load();
    expect(Object.keys(config.profiles)).not.toContain('acme');
    const file = await readFile(join(configDir, 'credentials.json'), 'utf8');
    expect(Object.keys(JSON.parse(file).profiles)).not.toContain('acme');
  });

  it('keeps the profile when the keychain cannot be reached', async () => {
    await seedMix();
    const { run, configDir } = sandbox();

    const result = await run(['--json', 'profiles', 'remove', 'acme', '--yes']);

    expect(result.code, describeRun(result)).toBe(6);
    expect(parseJsonOutput(result)).toMatchObject({
      ok: false,
      profile: 'acme',
      removed: { config: false, secrets: false },
      error: { code: 'keychain_unavailable' },
    });
    const config = await createConfigStore(configDir).load();
    expect(Object.keys(config.profiles)).toContain('acme');
  });

  it('refuses to remove an unknown profile', async () => {
    const result = await sandbox().run(
      ['--insecure-storage', '--json', 'profiles', 'remove', 'nobody', '--yes'],
    );

    expect(result.code).toBe(2);
    expect(parseJsonOutput(result)).toMatchObject({
      error: { code: 'invalid_value', field: 'profile' },
    });
  });
});
