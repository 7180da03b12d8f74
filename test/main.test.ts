import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { VERSION } from '../src/version.js';
import { createMemoryIo } from './helpers/memory-io.js';

describe('main', () => {
  it('prints the version that package.json declares', async () => {
    const io = createMemoryIo();
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      version: string;
    };

    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdoutText().trim()).toBe(pkg.version);
    expect(VERSION).toBe(pkg.version);
  });

  it('lists the commands, examples and exit codes in --help', async () => {
    const io = createMemoryIo();

    expect(await main(['--help'], io)).toBe(0);
    const help = io.stdoutText();
    for (const word of ['test', 'setup', 'push', 'Examples:', 'Exit codes:']) {
      expect(help).toContain(word);
    }
    expect(help).toMatch(/130\s+cancelled/);
  });

  it('answers an unknown option with exit 2 and, with --json, one object', async () => {
    const io = createMemoryIo();

    expect(await main(['test', '--json', '--bogus'], io)).toBe(2);
    const body = JSON.parse(io.stdoutText()) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('invalid_value');
    expect(body.error.message).toContain('--bogus');
  });

  it('refuses a secret given as a flag instead of accepting it', async () => {
    const io = createMemoryIo();

    expect(await main(['test', '--secret-key', 'c2VjcmV0'], io)).toBe(2);
    expect(io.stderrText()).toContain("unknown option '--secret-key'");
  });
});
