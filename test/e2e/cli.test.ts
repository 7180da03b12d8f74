import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonOutput, ROOT, useSandbox } from './harness.js';

async function packageVersion(): Promise<string> {
  const text = await readFile(join(ROOT, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

describe('the command line', () => {
  const sandbox = useSandbox();

  it('--help lists every exit code', async () => {
    const result = await sandbox().run(['--help'], { verbose: false });

    expect(result.code).toBe(0);
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '7', '130']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, 'm'));
    }
    for (const command of ['test', 'setup', 'push']) {
      expect(result.stdout).toContain(command);
    }
  });

  it.each(['test', 'setup', 'push'])(
    '%s --help lists the exit codes too',
    async (command) => {
      const result = await sandbox().run([command, '--help']);

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Exit codes:');
      expect(result.stdout).toMatch(/^\s+130\s+cancelled/m);
    },
  );

  it('--version prints the version in package.json', async () => {
    const result = await sandbox().run(['--version'], { verbose: false });

    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(await packageVersion());
  });

  it('an unknown option with --json prints one JSON object, exit 2', async () => {
    const result = await sandbox().run(['test', '--json', '--no-such-flag']);

    expect(result.code).toBe(2);
    const json = parseJsonOutput(result);
    expect(json.ok).toBe(false);
    expect(json.error).toMatchObject({
      code: 'invalid_value',
      message: expect.stringContaining('--no-such-flag'),
      hint: expect.stringContaining('--help'),
    });
  });

  it('an unknown command fails with exit 2', async () => {
    const result = await sandbox().run(['frobnicate', '--json']);

    expect(result.code).toBe(2);
    expect(parseJsonOutput(result).ok).toBe(false);
  });

  it('refuses a secret given as a flag', async () => {
    const { run, addSecret } = sandbox();
    const secret = 'Tq4Wm8Zr2Xv6Yb0Nc5Ld9Kf3Hg7Js1p';
    addSecret('secret passed as a flag', secret);
    const result = await run(['test', '--json', '--secret-key', secret]);

    expect(result.code).toBe(2);
    expect(parseJsonOutput(result).ok).toBe(false);
  });
});
