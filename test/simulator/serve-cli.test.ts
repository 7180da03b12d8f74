import { describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import {
  parseServeArgs,
  runSimulatorServer,
} from '../../src/simulator/serve-cli.js';
import { allowLoopbackOnly, callSigned } from './helpers.js';

const ACCOUNT = '/api/account/get-account';

describe('parseServeArgs', () => {
  it('reads the port and the latency', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, latencyMs: 0 });
    expect(parseServeArgs(['--port', '4010', '--latency', '300'])).toEqual({
      port: 4010,
      latencyMs: 300,
    });
  });

  it.each([
    [['--port']],
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--latency', '-1']],
    [['--verbose', '1']],
  ])('refuses %j with the usage', (args) => {
    expect(() => parseServeArgs(args)).toThrow(/Usage/);
  });
});

describe('runSimulatorServer', () => {
  allowLoopbackOnly();

  it('prints where it listens, no secret, and stops when told', async () => {
    const lines: string[] = [];
    let stop: (() => void) | undefined;
    const sim = await runSimulatorServer(['--latency', '1'], {
      writeLine: (line) => lines.push(line),
      onStop: (listener) => {
        stop = listener;
      },
    });

    const output = lines.join('\n');
    expect(lines[0]).toBe(
      `Mimecast API 1.0 and 2.0 simulator listening on ${sim.url}`,
    );
    expect(output).toContain(sim.xdr.endpoint);
    expect(output).toContain(`MIMECAST_XDR_ALLOWED_HOSTS=${sim.hostPort}`);
    expect(output).toContain(DEMO_TENANT.appId);
    expect(output).toContain(DEMO_TENANT.clientId);
    for (const secret of [
      DEMO_TENANT.appKey,
      DEMO_TENANT.clientSecret,
      DEMO_TENANT.accessKey,
      DEMO_TENANT.secretKey,
      DEMO_TENANT.xdrToken,
      DEMO_TENANT.serviceAccount.password,
    ]) {
      expect(output).not.toContain(secret);
    }
    expect((await callSigned(sim, ACCOUNT)).status).toBe(200);

    stop?.();
    await waitFor(() => lines.at(-1) === 'Simulator stopped.');
    await expect(callSigned(sim, ACCOUNT)).rejects.toThrow();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
