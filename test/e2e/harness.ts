import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEMO_TENANT,
  startSimulator,
  type RunningSimulator,
} from '../../src/simulator/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'mimecast-xdr.js');

/** What one run of the built binary produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  args: string[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
}

/**
 * A sandbox for one test: a simulator, a private config folder and HOME,
 * and an environment in which no real keychain or host can be reached.
 */
export interface Sandbox {
  sim: RunningSimulator;
  configDir: string;
  /** The environment that points the binary at the simulator. */
  env: Record<string, string>;
  /** The demo tenant's five values, as environment variables. */
  valuesEnv: Record<string, string>;
  run(args: string[], options?: RunOptions): Promise<CliRun>;
  /** Every file under the config folder, with its content. */
  configFiles(): Promise<Array<{ path: string; content: string }>>;
  close(): Promise<void>;
}

/** Every run the sandboxes made, for the leak test to inspect. */
export const allRuns: CliRun[] = [];

export async function openSandbox(): Promise<Sandbox> {
  const sim = await startSimulator();
  const home = await mkdtemp(join(tmpdir(), 'mimecast-xdr-e2e-'));
  const configDir = join(home, 'config');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CI: 'true',
    NO_COLOR: '1',
    MIMECAST_XDR_CONFIG_DIR: configDir,
    MIMECAST_XDR_ALLOWED_HOSTS: sim.hostPort,
    MIMECAST_DISCOVERY_URL: sim.url,
    // Never let a test reach the keychain of the person running it.
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}`,
  };
  const valuesEnv = {
    MIMECAST_APP_ID: DEMO_TENANT.appId,
    MIMECAST_APP_KEY: DEMO_TENANT.appKey,
    MIMECAST_ACCESS_KEY: DEMO_TENANT.accessKey,
    MIMECAST_SECRET_KEY: DEMO_TENANT.secretKey,
    MIMECAST_BASE_URL: sim.url,
  };

  return {
    sim,
    configDir,
    env,
    valuesEnv,
    run: (args, options = {}) =>
      runBinary(args, { ...env, ...options.env }, options.stdin),
    configFiles: () => listFiles(configDir),
    async close() {
      await sim.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Runs the built binary with exactly `env` and optional stdin text. */
export function runBinary(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: dropUndefined(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const run = { code, stdout, stderr, args };
      allRuns.push(run);
      resolve(run);
    });
    child.stdin.end(stdin ?? '');
  });
}

function dropUndefined(
  env: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

async function listFiles(
  dir: string,
): Promise<Array<{ path: string; content: string }>> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  const files: Array<{ path: string; content: string }> = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      files.push({ path, content: await readFile(path, 'utf8') });
    } catch {
      // A folder: its files are listed on their own.
    }
  }
  return files;
}

/** Parses the one JSON object a `--json` run must print on stdout. */
export function parseJsonOutput(run: CliRun): Record<string, unknown> {
  const text = run.stdout.trim();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(
      `stdout is not one JSON object.\nstdout: ${run.stdout}\n` +
        `stderr: ${run.stderr}`,
    );
  }
}

/** Describes a run for an assertion message. */
export function describeRun(run: CliRun): string {
  return (
    `mimecast-xdr ${run.args.join(' ')} exited ${String(run.code)}\n` +
    `--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
  );
}
