import { DEMO_TENANT } from './demo-tenant.js';
import { startSimulator } from './server.js';
import type { RunningSimulator } from './server.js';

/** What the standalone simulator takes on its command line. */
export interface ServeOptions {
  port: number;
  latencyMs: number;
}

/** Where the standalone simulator reports, and how it learns to stop. */
export interface ServeIo {
  /** Writes one line for the person or test that started it. */
  writeLine(line: string): void;
  /** Registers what to run on SIGINT or SIGTERM. */
  onStop(listener: () => void): void;
}

const USAGE = 'Usage: serve.js [--port N] [--latency MS]';

/** Reads `--port N` and `--latency MS`; throws an Error with the usage. */
export function parseServeArgs(args: string[]): ServeOptions {
  const options: ServeOptions = { port: 0, latencyMs: 0 };
  for (let index = 0; index < args.length; index += 2) {
    const flag = args[index];
    const value = Number(args[index + 1]);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${flag ?? ''} needs a whole number. ${USAGE}`);
    }

    if (flag === '--port' && value <= 65_535) options.port = value;
    else if (flag === '--latency') options.latencyMs = value;
    else throw new Error(`Unknown or out of range: ${flag ?? ''}. ${USAGE}`);
  }
  return options;
}

/**
 * Starts the simulator for a separate process (a person trying the tool,
 * or a terminal-driven test), prints where it listens, and closes it when
 * told to stop. The demo secrets are not printed: they are in
 * DEMO_TENANT, and `--demo` uses them without being told.
 */
export async function runSimulatorServer(
  args: string[],
  io: ServeIo,
): Promise<RunningSimulator> {
  const options = parseServeArgs(args);
  const simulator = await startSimulator(options);
  for (const line of describeSimulator(simulator, options)) io.writeLine(line);

  io.onStop(() => {
    void simulator.close().then(() => io.writeLine('Simulator stopped.'));
  });
  return simulator;
}

function describeSimulator(
  simulator: RunningSimulator,
  options: ServeOptions,
): string[] {
  const account = `${DEMO_TENANT.accountCode} (${DEMO_TENANT.accountName})`;
  return [
    `Mimecast API 1.0 and 2.0 simulator listening on ${simulator.url}`,
    `  Base URL and discovery URL: ${simulator.url}`,
    `  XDR endpoint: ${simulator.xdr.endpoint}`,
    `  Allow it with: MIMECAST_XDR_ALLOWED_HOSTS=${simulator.hostPort}`,
    `  Application ID (API 1.0): ${DEMO_TENANT.appId}`,
    `  Client ID (API 2.0): ${DEMO_TENANT.clientId}`,
    `  Account: ${account}`,
    `  Service account: ${DEMO_TENANT.serviceAccount.email}`,
    `  Added latency: ${options.latencyMs} ms`,
    '  Keys, secrets, token and password: DEMO_TENANT in src/simulator/demo-tenant.ts',
    `  Control: ${simulator.url}/__sim/{faults,requests,pushes,tenant}`,
    'Press Ctrl-C to stop.',
  ];
}
