import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness.js';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 240_000;

interface PackedFile {
  path: string;
}

// Installs the packed tarball the way a user's `npx` would: into an empty
// folder, runtime dependencies only, from the public registry.
describe('the npm package', () => {
  let work = '';
  let tarball = '';
  let files: string[] = [];
  let version = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mimecast-xdr-pack-'));
    const packDir = join(work, 'pack');
    await mkdir(packDir);
    // dist/ is already built; --ignore-scripts keeps prepack from rebuilding
    // it while other tests use it.
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
      { cwd: ROOT },
    );
    const [packed] = JSON.parse(stdout) as Array<{
      filename: string;
      files: PackedFile[];
    }>;
    if (!packed) throw new Error(`npm pack printed no package: ${stdout}`);
    tarball = join(packDir, packed.filename);
    files = packed.files.map((file) => file.path);

    const manifest = await readFile(join(ROOT, 'package.json'), 'utf8');
    version = (JSON.parse(manifest) as { version: string }).version;
  }, 60_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('holds the bin, the built code and the README, not the sources', () => {
    expect(files).toContain('bin/mimecast-xdr.js');
    expect(files).toContain('dist/main.js');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/simulator/index.js');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files.filter((path) => /^(src|test)\//.test(path))).toEqual([]);
    expect(files.filter((path) => path.endsWith('.test.js'))).toEqual([]);
  });

  it(
    'installs in an empty folder without dev dependencies and runs',
    async () => {
      const app = join(work, 'app');
      await mkdir(app);
      const env = { ...process.env, npm_config_update_notifier: 'false' };
      await run(
        'npm',
        ['install', '--omit=dev', '--no-audit', '--no-fund', tarball],
        { cwd: app, env, timeout: INSTALL_TIMEOUT_MS },
      );

      const installed = await run('npx', ['mimecast-xdr', '--version'], {
        cwd: app,
        env,
      });
      expect(installed.stdout.trim()).toBe(version);

      const demo = await run(
        'npx',
        ['mimecast-xdr', 'test', '--demo', '--json'],
        { cwd: app, env: { ...env, CI: 'true', NO_COLOR: '1' } },
      );
      expect(JSON.parse(demo.stdout)).toMatchObject({ ok: true });
    },
    INSTALL_TIMEOUT_MS + 30_000,
  );
});
