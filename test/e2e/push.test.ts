import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_TENANT,
  expectFailure,
  expectSuccess,
  findClosedPort,
  flatten,
  useSandbox,
  type Sandbox,
} from './harness.js';

const STORED = ['--insecure-storage'];

/** Runs setup so the profile holds all seven values. */
async function storeProfile(box: Sandbox): Promise<void> {
  const result = await box.run(
    [...STORED, 'setup', '--non-interactive', '--json'],
    { env: { ...box.valuesEnv, ...box.xdrEnv } },
  );
  expectSuccess(result);
}

async function snapshotStorage(box: Sandbox): Promise<string[]> {
  return Promise.all(
    ['config.json', 'credentials.json'].map((name) =>
      readFile(join(box.configDir, name), 'utf8'),
    ),
  );
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f;
  });
}

describe('push', () => {
  const sandbox = useSandbox();

  it("re-pushes a stored profile's values after the checks", async () => {
    const box = sandbox();
    await storeProfile(box);

    const result = await box.run([...STORED, 'push', '--json']);

    const json = expectSuccess(result);
    expect(json).toMatchObject({ pushed: true });
    expect((json.checks as unknown[]).length).toBe(7);
    expect(box.sim.xdr.pushes).toHaveLength(2);
    expect(box.sim.xdr.pushes[1]?.body).toEqual(box.sim.xdr.pushes[0]?.body);
  });

  it('pushes without calling Mimecast under --skip-test', async () => {
    const box = sandbox();
    await storeProfile(box);
    const before = box.sim.requests.length;

    const result = await box.run([...STORED, 'push', '--skip-test', '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(box.sim.xdr.pushes).toHaveLength(2);
    const after = box.sim.requests.slice(before).map((r) => r.path);
    expect(after).toEqual(['/xdr/integrations/mimecast']);
  });

  it('pushes nothing when the checks fail', async () => {
    const box = sandbox();
    await storeProfile(box);
    box.sim.faults.set({ revokedKeys: true });

    const result = await box.run([...STORED, 'push', '--json']);

    const json = expectFailure(result, { exit: 3, code: 'keys_expired' });
    expect(json).toMatchObject({ pushed: false });
    expect(box.sim.xdr.pushes).toHaveLength(1);
  });

  it('keeps the stored values when a push fails, and can be re-run', async () => {
    const box = sandbox();
    await storeProfile(box);
    const stored = await snapshotStorage(box);
    box.sim.faults.set({ xdrDown: true });

    const failed = await box.run([...STORED, 'push', '--json']);

    expectFailure(failed, { exit: 7, code: 'xdr_unreachable' });
    expect(await snapshotStorage(box)).toEqual(stored);
    box.sim.faults.clear();
    const retried = await box.run([...STORED, 'push', '--json']);
    expectSuccess(retried);
    expect(box.sim.xdr.pushes).toHaveLength(2);
  });
});

describe('a failed push', () => {
  const sandbox = useSandbox();

  it('reports xdr_unauthorized for a wrong token, with values kept', async () => {
    const box = sandbox();
    const wrongToken = 'xdr-wrong-Qm7TzK2pLw9vRb4nXc8j';
    box.addSecret('wrong XDR token', wrongToken);
    const result = await box.run(
      [...STORED, 'setup', '--non-interactive', '--json'],
      {
        env: {
          ...box.valuesEnv,
          ...box.xdrEnv,
          MIMECAST_XDR_TOKEN: wrongToken,
        },
      },
    );

    const json = expectFailure(result, { exit: 7, code: 'xdr_unauthorized' });
    expect(json).toMatchObject({ stored: true, pushed: false });
    expect(flatten(result.stderr)).toContain('MIMECAST_XDR_TOKEN');
    expect(box.sim.xdr.pushes).toHaveLength(0);

    const retried = await box.run([...STORED, 'push', '--json'], {
      env: { MIMECAST_XDR_TOKEN: box.sim.xdr.token },
    });
    expectSuccess(retried);
    expect(box.sim.xdr.pushes).toHaveLength(1);
  });

  it('reports xdr_rejected with the message sanitised', async () => {
    const box = sandbox();
    box.sim.faults.set({
      xdrReject: {
        status: 422,
        message:
          `baseUrl\u001b[31m is not a region\u0007 we serve ` +
          `(got ${DEMO_TENANT.secretKey})`,
      },
    });
    const result = await box.run(['push', '--json'], {
      env: { ...box.valuesEnv, ...box.xdrEnv },
    });

    const json = expectFailure(result, { exit: 7, code: 'xdr_rejected' });
    const message = (json.error as Record<string, string>).message ?? '';
    expect(message).toContain('422');
    expect(message).toContain('is not a region');
    expect(hasControlCharacter(message)).toBe(false);
    expect(hasControlCharacter(result.stderr.replaceAll('\n', ''))).toBe(false);
    expect(flatten(result.stderr)).toContain('is not a region');
  });

  it('reports xdr_unreachable after the receiver fails three times', async () => {
    const box = sandbox();
    box.sim.faults.set({ xdrDown: { count: 3 } });
    const result = await box.run(['push', '--json'], {
      env: { ...box.valuesEnv, ...box.xdrEnv },
    });

    expectFailure(result, { exit: 7, code: 'xdr_unreachable' });
    const puts = box.sim.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([503, 503, 503]);
  });

  it('reports xdr_unreachable when the receiver drops the connection', async () => {
    const box = sandbox();
    box.sim.faults.set({ xdrDrop: true });
    const result = await box.run(['push', '--json'], {
      env: { ...box.valuesEnv, ...box.xdrEnv },
    });

    expectFailure(result, { exit: 7, code: 'xdr_unreachable' });
  });

  it('reports xdr_unreachable for an endpoint nobody listens on', async () => {
    const box = sandbox();
    const port = await findClosedPort();
    const result = await box.run(['--timeout', '2', 'push', '--json'], {
      env: {
        ...box.valuesEnv,
        ...box.xdrEnv,
        MIMECAST_XDR_ENDPOINT: `http://127.0.0.1:${port}/xdr`,
        MIMECAST_XDR_ALLOWED_HOSTS: `${box.sim.hostPort},127.0.0.1:${port}`,
      },
    });

    const json = expectFailure(result, { exit: 7, code: 'xdr_unreachable' });
    expect(json).toMatchObject({ pushed: false });
    expect(flatten(result.stderr)).toContain('mimecast-xdr push');
  });
});
