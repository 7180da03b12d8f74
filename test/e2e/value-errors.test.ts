import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, flatten, useSandbox } from './harness.js';

// Values at fault are refused before any request reaches the simulator.
describe('a missing or malformed value', () => {
  const sandbox = useSandbox();

  it('reports missing_value naming the field and its variable', async () => {
    const { run, valuesEnv, sim } = sandbox();
    const result = await run(['test', '--json'], {
      env: { ...valuesEnv, MIMECAST_SECRET_KEY: undefined },
    });

    const json = expectFailure(result, {
      exit: 2,
      code: 'missing_value',
      field: 'secretKey',
    });
    const error = json.error as Record<string, string>;
    expect(`${error.message} ${error.hint}`).toContain('MIMECAST_SECRET_KEY');
    expect(result.stderr).toContain('MIMECAST_SECRET_KEY');
    expect(json.checks).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('names the flag too when a non-secret value is missing', async () => {
    const { run, valuesEnv } = sandbox();
    const result = await run(['test', '--json'], {
      env: { ...valuesEnv, MIMECAST_BASE_URL: undefined },
    });

    const json = expectFailure(result, {
      exit: 2,
      code: 'missing_value',
      field: 'baseUrl',
    });
    const error = json.error as Record<string, string>;
    expect(error.hint).toContain('--base-url');
    expect(error.hint).toContain('MIMECAST_BASE_URL');
  });

  it('reports invalid_value for a bad Secret Key without echoing it', async () => {
    const { run, valuesEnv, sim, addSecret } = sandbox();
    const badSecret = 'q8Zp3$Lm2Vx7Rt9Wk4Nb6Hc1Jd5Fg0Sa==';
    addSecret('malformed Secret Key', badSecret);
    const result = await run(['test', '--json'], {
      env: { ...valuesEnv, MIMECAST_SECRET_KEY: badSecret },
    });

    const json = expectFailure(result, {
      exit: 2,
      code: 'invalid_value',
      field: 'secretKey',
    });
    expect((json.error as Record<string, string>).message).toContain(
      'MIMECAST_SECRET_KEY',
    );
    expect(result.stdout + result.stderr).not.toContain('$Lm2');
    expect(sim.requests).toHaveLength(0);
  });

  it('reports host_not_allowed for a Base URL off Mimecast', async () => {
    const { run, valuesEnv, sim } = sandbox();
    const result = await run(['test', '--json'], {
      env: { ...valuesEnv, MIMECAST_BASE_URL: 'https://api.example.com' },
    });

    expectFailure(result, {
      exit: 2,
      code: 'host_not_allowed',
      field: 'baseUrl',
    });
    expect(flatten(result.stderr)).toContain('eu-api.mimecast.com');
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a loopback Base URL that is not allowed', async () => {
    const { run, valuesEnv, sim } = sandbox();
    const result = await run(['test', '--json'], {
      env: { ...valuesEnv, MIMECAST_XDR_ALLOWED_HOSTS: undefined },
    });

    expectFailure(result, {
      exit: 2,
      code: 'host_not_allowed',
      field: 'baseUrl',
    });
    expect(result.stderr).toContain('MIMECAST_XDR_ALLOWED_HOSTS');
    expect(sim.requests).toHaveLength(0);
  });

  it('reports --timeout out of range as invalid_value', async () => {
    const { run, valuesEnv } = sandbox();
    const result = await run(['--timeout', '0', 'test', '--json'], {
      env: valuesEnv,
    });

    expectFailure(result, { exit: 2, code: 'invalid_value', field: 'timeout' });
  });
});

describe('a corrupt config.json', () => {
  const sandbox = useSandbox();
  const corrupt = '{"version": 1, "profiles": {"default": {"appId": ';

  async function writeCorruptConfig(configDir: string): Promise<string> {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    const path = join(configDir, 'config.json');
    await writeFile(path, corrupt, { mode: 0o600 });
    return path;
  }

  it('is reported with its path on test and left as it was', async () => {
    const { run, configDir } = sandbox();
    const path = await writeCorruptConfig(configDir);

    const result = await run(['test', '--json']);

    const json = expectFailure(result, { exit: 2, code: 'config_corrupt' });
    expect((json.error as Record<string, string>).message).toContain(path);
    expect(flatten(result.stderr)).toContain(path);
    expect(await readFile(path, 'utf8')).toBe(corrupt);
  });

  it('is never overwritten by setup, even with good values', async () => {
    const { run, configDir, valuesEnv } = sandbox();
    const path = await writeCorruptConfig(configDir);

    const result = await run(
      ['--insecure-storage', 'setup', '--non-interactive', '--json'],
      { env: valuesEnv },
    );

    expectFailure(result, { exit: 2, code: 'config_corrupt' });
    expect(await readFile(path, 'utf8')).toBe(corrupt);
  });
});
