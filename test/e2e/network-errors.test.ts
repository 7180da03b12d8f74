import { describe, expect, it } from 'vitest';
import {
  expectFailure,
  findClosedPort,
  flatten,
  useSandbox,
} from './harness.js';

// Mimecast does not answer, or answers badly: exit 5.
describe('Mimecast unreachable or failing', () => {
  const sandbox = useSandbox();

  it('reports unreachable for an allowed port nobody listens on', async () => {
    const { run, valuesEnv, sim } = sandbox();
    const port = await findClosedPort();
    const result = await run(['--timeout', '2', 'test', '--json'], {
      env: {
        ...valuesEnv,
        MIMECAST_BASE_URL: `http://127.0.0.1:${port}`,
        MIMECAST_XDR_ALLOWED_HOSTS: `${sim.hostPort},127.0.0.1:${port}`,
      },
    });

    const json = expectFailure(result, { exit: 5, code: 'unreachable' });
    expect(json.checks).toHaveLength(1);
    expect(flatten(result.stderr)).toContain('--timeout');
  });

  it('reports unreachable when each attempt times out', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.faults.set({ slow: { ms: 3_000, path: '/api/account/get-account' } });
    const result = await run(['--timeout', '0.3', 'test', '--json'], {
      env: valuesEnv,
    });

    const json = expectFailure(result, { exit: 5, code: 'unreachable' });
    expect((json.error as Record<string, string>).message).toMatch(/in time/);
  });

  it('reports server_error after 503 HTML pages on every attempt', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.faults.set({ serviceUnavailableHtml: { count: 3 } });
    const result = await run(['test', '--json'], { env: valuesEnv });

    const json = expectFailure(result, { exit: 5, code: 'server_error' });
    const error = json.error as Record<string, string>;
    expect(error.message).toContain('503');
    expect(result.stdout + result.stderr).not.toMatch(/<html|<body/i);
    expect(sim.requests.map((request) => request.status)).toEqual([
      503, 503, 503,
    ]);
  });

  it('recovers when a 503 clears before the last attempt', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.faults.set({ serviceUnavailableHtml: { count: 2 } });
    const result = await run(['test', '--json'], { env: valuesEnv });

    expect(result.code, result.stderr).toBe(0);
  });

  it('reports server_error for truncated JSON, never a stack trace', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.faults.set({ truncatedJson: true });
    const result = await run(['test', '--json'], { env: valuesEnv });

    const json = expectFailure(result, { exit: 5, code: 'server_error' });
    expect((json.error as Record<string, string>).message).toMatch(
      /cut short|malformed/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stderr).not.toContain('SyntaxError');
  });

  it('reports rate_limited after 429s, waiting at least the reset', async () => {
    const { run, valuesEnv, sim } = sandbox();
    sim.faults.set({ rateLimit: { resetMs: 100 } });
    const result = await run(['test', '--json'], { env: valuesEnv });

    expectFailure(result, { exit: 5, code: 'rate_limited' });
    const calls = sim.requests;
    expect(calls.map((request) => request.status)).toEqual([429, 429, 429]);
    for (let i = 1; i < calls.length; i += 1) {
      const previous = calls[i - 1]?.answeredAt ?? 0;
      expect((calls[i]?.receivedAt ?? 0) - previous).toBeGreaterThanOrEqual(
        90,
      );
    }
  });
});
