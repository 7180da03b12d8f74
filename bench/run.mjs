// Benchmarks for mimecast-xdr, run with `npm run bench` after a build.
// Ratios, not absolute times, are reported: the machines are shared and
// noisy, and a ratio measured within one run is what the targets speak of.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/mimecast-xdr.js`;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const LATENCY_MS = 300;

function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, ms: performance.now() - started, stderr }),
    );
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Interleaves the commands so that a burst of load on the machine hits
// all of them alike instead of skewing one.
async function medians(commands) {
  const times = commands.map(() => []);
  for (let round = 0; round < RUNS; round += 1) {
    for (const [index, args] of commands.entries()) {
      const { code, ms } = await run(args);
      if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
      times[index].push(ms);
    }
  }
  return times.map(median);
}

async function benchStartup() {
  const [bare, version, help] = await medians([
    ['-e', '0'],
    [bin, '--version'],
    [bin, '--help'],
  ]);
  return [
    row('cold start of --version', version / bare, 1.3, 'x bare node'),
    row('cold start of --help', help / bare, 1.3, 'x bare node'),
  ];
}

async function benchTest() {
  const { startSimulator, DEMO_TENANT } = await import(
    '../dist/simulator/index.js'
  );
  const simulator = await startSimulator({ latencyMs: LATENCY_MS });
  const env = {
    CI: 'true',
    MIMECAST_XDR_ALLOWED_HOSTS: simulator.hostPort,
    MIMECAST_XDR_CONFIG_DIR: `${root}.bench-config`,
    MIMECAST_APP_ID: DEMO_TENANT.appId,
    MIMECAST_APP_KEY: DEMO_TENANT.appKey,
    MIMECAST_ACCESS_KEY: DEMO_TENANT.accessKey,
    MIMECAST_SECRET_KEY: DEMO_TENANT.secretKey,
    MIMECAST_BASE_URL: simulator.url,
  };
  try {
    const times = [];
    for (let round = 0; round < Math.min(RUNS, 7); round += 1) {
      const { code, ms, stderr } = await run([bin, 'test'], env);
      if (code !== 0) throw new Error(`test exited ${code}: ${stderr}`);
      times.push(ms);
    }
    return [row('test at 300 ms latency', median(times) / LATENCY_MS, 2.5,
      'x latency')];
  } finally {
    await simulator.close();
  }
}

const MANY_PROFILES = 200;
const DEFAULT_CONCURRENCY = 8;
// The auth check, then the six permission probes at once: two round trips.
const ROUND_TRIPS_PER_PROFILE = 2;

// Writes the config and credentials files as setup would leave them, far
// faster than 200 runs of setup; every profile holds the demo tenant.
async function writeManyProfiles(dir, baseUrl, DEMO_TENANT) {
  const config = { version: 1, profiles: {} };
  const credentials = { version: 1, profiles: {} };
  const storedAt = new Date().toISOString();
  for (let index = 0; index < MANY_PROFILES; index += 1) {
    const name = `tenant-${String(index).padStart(3, '0')}`;
    config.profiles[name] = {
      apiVersion: '1.0',
      appId: DEMO_TENANT.appId,
      baseUrl,
      keysStoredAt: storedAt,
      keysVerified: true,
    };
    credentials.profiles[name] = {
      appKey: DEMO_TENANT.appKey,
      accessKey: DEMO_TENANT.accessKey,
      secretKey: DEMO_TENANT.secretKey,
    };
  }
  const write = (file, data) =>
    writeFile(join(dir, file), JSON.stringify(data), { mode: 0o600 });
  await write('config.json', config);
  await write('credentials.json', credentials);
}

async function benchTestAll() {
  const { startSimulator, DEMO_TENANT } = await import(
    '../dist/simulator/index.js'
  );
  const simulator = await startSimulator({ latencyMs: LATENCY_MS });
  const dir = await mkdtemp(join(tmpdir(), 'mimecast-xdr-bench-'));
  const env = {
    CI: 'true',
    MIMECAST_XDR_ALLOWED_HOSTS: simulator.hostPort,
    MIMECAST_XDR_CONFIG_DIR: dir,
  };
  const args = [bin, '--insecure-storage', 'test', '--all'];
  const ideal =
    (MANY_PROFILES / DEFAULT_CONCURRENCY) * ROUND_TRIPS_PER_PROFILE *
    LATENCY_MS;
  try {
    await writeManyProfiles(dir, simulator.url, DEMO_TENANT);
    const times = [];
    for (let round = 0; round < Math.min(RUNS, 3); round += 1) {
      const { code, ms, stderr } = await run(args, env);
      if (code !== 0) throw new Error(`test --all exited ${code}: ${stderr}`);
      times.push(ms);
    }
    return [row(`test --all, ${MANY_PROFILES} profiles`, median(times) / ideal,
      1.5, 'x ideal')];
  } finally {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function row(name, value, target, unit) {
  return { name, value, target, unit, ok: value <= target };
}

const rows = [
  ...(await benchStartup()),
  ...(await benchTest()),
  ...(await benchTestAll()),
];
for (const { name, value, target, unit, ok } of rows) {
  const verdict = ok ? 'within target' : 'OVER TARGET';
  console.log(
    `${name.padEnd(28)} ${value.toFixed(2).padStart(6)} ${unit}` +
      `  (target <= ${target}: ${verdict})`,
  );
}
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
