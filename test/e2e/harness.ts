import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect } from 'vitest';
import type { ApiVersion } from '../../src/credentials.js';
import {
  DEMO_TENANT,
  startSimulator,
  type RunningSimulator,
} from '../../src/simulator/index.js';

export { DEMO_TENANT } from '../../src/simulator/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'mimecast-xdr.js');

// The tests drive the built tool; `npm test` and `npm run test:e2e` build it
// first, a bare `npx vitest run test/e2e` does not.
if (!existsSync(join(ROOT, 'dist', 'main.js'))) {
  throw new Error('dist/ is missing: run `npm run build` before the e2e tests.');
}

/** The file that legitimately holds secrets under --insecure-storage. */
export const CREDENTIALS_FILE = 'credentials.json';

/** How long a leaked secret's start may be before it counts as a leak. */
const LEAK_PREFIX_LENGTH = 12;

/** What one run of the built binary produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  args: string[];
}

/** Inputs of one run. */
export interface RunOptions {
  /** Added to, or with undefined removed from, the sandbox environment. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Adds `--verbose` in front of the arguments; true unless false. */
  verbose?: boolean;
}

/** A secret the leak check looks for, and a name for it in messages. */
export interface KnownSecret {
  name: string;
  value: string;
}

/**
 * A sandbox for one test: a simulator, a private config folder and HOME,
 * and an environment in which no real keychain or host can be reached.
 */
export interface Sandbox {
  sim: RunningSimulator;
  /** The private HOME; the config folder is inside it. */
  home: string;
  configDir: string;
  /** The environment that points the binary at the simulator. */
  env: Record<string, string>;
  /** The demo tenant's five values, as environment variables. */
  valuesEnv: Record<string, string>;
  /** The simulator's XDR endpoint and token, as environment variables. */
  xdrEnv: Record<string, string>;
  /** Every run this sandbox made, oldest first. */
  runs: CliRun[];
  /** Runs the binary, with `--verbose` unless `options.verbose` is false. */
  run: (args: string[], options?: RunOptions) => Promise<CliRun>;
  /** Makes the leak check look for a value this test made up. */
  addSecret: (name: string, value: string) => void;
  /** Every secret known now: demo, tenant, XDR and test-specific ones. */
  secrets: () => KnownSecret[];
  /** Every file under HOME (config folder included), with its content. */
  configFiles: () => Promise<Array<{ path: string; content: string }>>;
  /**
   * Fails when any secret, or its first 12 characters, appears in a run's
   * stdout or stderr or in a file under HOME other than credentials.json.
   */
  assertNoLeaks: () => Promise<void>;
  close: () => Promise<void>;
}

/** Every run any sandbox made. */
export const allRuns: CliRun[] = [];

/** Opens a sandbox whose simulator serves the demo tenant. */
export async function openSandbox(): Promise<Sandbox> {
  const sim = await startSimulator();
  const home = await mkdtemp(join(tmpdir(), 'mimecast-xdr-e2e-'));
  const configDir = join(home, 'config');
  const env = sandboxEnv(sim, home, configDir);
  const runs: CliRun[] = [];
  const extra: KnownSecret[] = [];

  const sandbox: Sandbox = {
    sim,
    home,
    configDir,
    env,
    valuesEnv: {
      MIMECAST_APP_ID: DEMO_TENANT.appId,
      MIMECAST_APP_KEY: DEMO_TENANT.appKey,
      MIMECAST_ACCESS_KEY: DEMO_TENANT.accessKey,
      MIMECAST_SECRET_KEY: DEMO_TENANT.secretKey,
      MIMECAST_BASE_URL: sim.url,
    },
    xdrEnv: {
      MIMECAST_XDR_ENDPOINT: sim.xdr.endpoint,
      MIMECAST_XDR_TOKEN: sim.xdr.token,
    },
    runs,
    run: async (args, options = {}) => {
      const argv = options.verbose === false ? args : ['--verbose', ...args];
      const runEnv = { ...env, ...options.env };
      const run = await runBinary(argv, runEnv, options.stdin);
      runs.push(run);
      return run;
    },
    addSecret: (name, value) => void extra.push({ name, value }),
    secrets: () => [...fixedSecrets(sim), ...tenantSecrets(sim), ...extra],
    configFiles: () => listFiles(home),
    assertNoLeaks: async () =>
      findLeaks(sandbox.secrets(), runs, await listFiles(home)),
    close: async () => {
      await sim.close();
      await rm(home, { recursive: true, force: true });
    },
  };
  return sandbox;
}

function sandboxEnv(
  sim: RunningSimulator,
  home: string,
  configDir: string,
): Record<string, string> {
  return {
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
}

/**
 * Opens a fresh sandbox before each test of the file and, after each, checks
 * it for leaked secrets and closes it. Returns a getter for the current one.
 */
export function useSandbox(): () => Sandbox {
  let current: Sandbox | undefined;
  beforeEach(async () => {
    current = await openSandbox();
  });
  afterEach(async () => {
    const sandbox = current;
    current = undefined;
    if (!sandbox) return;
    try {
      await sandbox.assertNoLeaks();
    } finally {
      await sandbox.close();
    }
  });
  return () => {
    if (!current) throw new Error('useSandbox() is only usable in a test');
    return current;
  };
}

function fixedSecrets(sim: RunningSimulator): KnownSecret[] {
  return [
    { name: 'demo Application Key', value: DEMO_TENANT.appKey },
    { name: 'demo Access Key', value: DEMO_TENANT.accessKey },
    { name: 'demo Secret Key', value: DEMO_TENANT.secretKey },
    { name: 'demo Client Secret', value: DEMO_TENANT.clientSecret },
    { name: 'demo XDR token', value: DEMO_TENANT.xdrToken },
    {
      name: 'demo service-account password',
      value: DEMO_TENANT.serviceAccount.password,
    },
    { name: 'simulator XDR token', value: sim.xdr.token },
  ];
}

/**
 * What the tenant holds at the end: keys made by logins, API 2.0 client
 * secrets and the bearer tokens handed out for them included.
 */
function tenantSecrets(sim: RunningSimulator): KnownSecret[] {
  const secrets: KnownSecret[] = [];
  for (const app of sim.tenant.applications) {
    secrets.push({ name: `appKey of ${app.appId}`, value: app.appKey });
  }
  for (const app of sim.tenant.api2Applications) {
    const name = `Client Secret of ${app.clientId}`;
    secrets.push({ name, value: app.clientSecret });
  }
  sim.tenant.tokens.forEach((token, index) => {
    const name = `access token ${index} of ${token.clientId}`;
    secrets.push({ name, value: token.value });
  });
  for (const user of sim.tenant.users) {
    secrets.push({ name: `password of ${user.email}`, value: user.password });
    user.keys.forEach((key, index) => {
      const name = `binding ${index} of ${user.email}`;
      secrets.push({ name: `${name} access key`, value: key.accessKey });
      secrets.push({ name: `${name} secret key`, value: key.secretKey });
    });
  }
  return secrets;
}

/** The texts a secret must not appear in, each with where it came from. */
function leakTargets(
  runs: readonly CliRun[],
  files: ReadonlyArray<{ path: string; content: string }>,
): Array<{ where: string; text: string }> {
  const targets = runs.flatMap((run) => [
    { where: `stdout of \`${run.args.join(' ')}\``, text: run.stdout },
    { where: `stderr of \`${run.args.join(' ')}\``, text: run.stderr },
  ]);
  for (const file of files) {
    if (basename(file.path) === CREDENTIALS_FILE) continue;
    targets.push({ where: `file ${file.path}`, text: file.content });
  }
  return targets;
}

/** Throws naming every place a secret or its 12-character start shows. */
export function findLeaks(
  secrets: readonly KnownSecret[],
  runs: readonly CliRun[],
  files: ReadonlyArray<{ path: string; content: string }>,
): void {
  const found: string[] = [];
  const targets = leakTargets(runs, files);
  for (const secret of secrets) {
    const needles = new Set([
      secret.value,
      secret.value.slice(0, LEAK_PREFIX_LENGTH),
    ]);
    for (const target of targets) {
      if ([...needles].some((needle) => target.text.includes(needle))) {
        found.push(`${secret.name} in ${target.where}`);
      }
    }
  }
  if (found.length > 0) {
    throw new Error(`Secrets leaked:\n  ${found.join('\n  ')}`);
  }
}

/** Runs the built binary with exactly `env` and optional stdin text. */
export function runBinary(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
  cwd: string = ROOT,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
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

/**
 * A loopback port that was free a moment ago and has no listener now, for
 * an endpoint nobody answers on. The caller lets it through the host policy.
 */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('No loopback port was assigned');
  }
  return address.port;
}

/** Parses the one JSON object a `--json` run must print on stdout. */
export function parseJsonOutput(run: CliRun): Record<string, unknown> {
  const text = run.stdout.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`stdout is not one JSON object.\n${describeRun(run)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`stdout is JSON but not an object.\n${describeRun(run)}`);
  }
  return parsed as Record<string, unknown>;
}

/** Describes a run for an assertion message. */
export function describeRun(run: CliRun): string {
  return (
    `mimecast-xdr ${run.args.join(' ')} exited ${String(run.code)}\n` +
    `--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
  );
}

/** Text with every run of white space made one space, as a reader sees it. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const CHECK_IDS = [
  'auth',
  'account-logs',
  'dlp',
  'attachment-protection',
  'impersonation-protection',
  'url-protection',
  'gateway-tracking',
];

/** An `error` object: code, message, hint (and field, when one is at fault). */
function errorShape(): unknown {
  return expect.objectContaining({
    code: expect.any(String),
    message: expect.any(String),
    hint: expect.any(String),
  }) as unknown;
}

/** Asserts the documented shape of the `test`, `setup` or `push` JSON. */
export function expectResultShape(
  json: Record<string, unknown>,
  api: ApiVersion = '1.0',
): void {
  expect(json).toMatchObject({
    ok: expect.any(Boolean),
    profile: expect.any(String),
    api,
  });
  expect(json).toHaveProperty('baseUrl');
  expect(json.baseUrl === null || typeof json.baseUrl === 'string').toBe(true);
  expect(json).toHaveProperty('account');
  if (json.account !== null) {
    expect(json.account).toEqual({
      code: expect.any(String),
      name: expect.any(String),
    });
  }
  expect(json).toHaveProperty('siemLogs');
  if (json.siemLogs !== null) {
    expect(json.siemLogs).toEqual({ available: expect.any(Boolean) });
  }
  expectChecksShape(json.checks);

  if (json.ok) expect(json).not.toHaveProperty('error');
  else expect(json.error).toEqual(errorShape());
}

function expectChecksShape(checks: unknown): void {
  expect(Array.isArray(checks)).toBe(true);
  for (const check of checks as Array<Record<string, unknown>>) {
    expect(CHECK_IDS).toContain(check.id);
    expect(typeof check.ok).toBe('boolean');
    if (check.id !== 'auth') expect(typeof check.permission).toBe('string');
    if (check.ok) expect(check).not.toHaveProperty('error');
    else expect(check.error).toEqual(errorShape());
  }
}

/** What a failing run is expected to report. */
export interface ExpectedFailure {
  exit: number;
  code: string;
  /** The value at fault; when given, `error.field` must equal it. */
  field?: string;
  /** The API the result must name; 1.0 unless given. */
  api?: ApiVersion;
}

/**
 * Asserts a failed `--json` run: its exit status, exactly one JSON object of
 * the documented shape on stdout with the expected error, and the error's
 * fix on stderr for a person. Returns the JSON for further assertions.
 */
export function expectFailure(
  run: CliRun,
  expected: ExpectedFailure,
): Record<string, unknown> {
  expect(run.code, describeRun(run)).toBe(expected.exit);
  const json = parseJsonOutput(run);
  expectResultShape(json, expected.api);
  expect(json.ok).toBe(false);

  const error = json.error as Record<string, string>;
  expect(error.code, describeRun(run)).toBe(expected.code);
  if (expected.field === undefined) {
    expect(error).not.toHaveProperty('field');
  } else {
    expect(error.field).toBe(expected.field);
  }
  for (const hint of fixesToShow(json)) {
    expect(flatten(run.stderr), 'stderr names the fix').toContain(hint);
  }
  return json;
}

// A person reads the fix of each failed check in the table; an error that
// stopped the run before any check is shown with its own fix.
function fixesToShow(json: Record<string, unknown>): string[] {
  const checks = json.checks as Array<{ error?: { hint: string } }>;
  const hints = checks.flatMap((check) =>
    check.error ? [check.error.hint] : [],
  );
  if (hints.length === 0) hints.push((json.error as { hint: string }).hint);
  return hints.map(flatten);
}

/** Asserts a successful `--json` run of `api` and returns its JSON. */
export function expectSuccess(
  run: CliRun,
  api: ApiVersion = '1.0',
): Record<string, unknown> {
  expect(run.code, describeRun(run)).toBe(0);
  const json = parseJsonOutput(run);
  expectResultShape(json, api);
  expect(json.ok, describeRun(run)).toBe(true);
  return json;
}
