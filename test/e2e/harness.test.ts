import { describe, expect, it } from 'vitest';
import { findLeaks, useSandbox, type CliRun } from './harness.js';

const SECRET = { name: 'test secret', value: 'Kp2Wq9Lm4Zx7Vb1Nc8Rt5Yh3' };

function runWith(stdout: string, stderr = ''): CliRun {
  return { code: 0, stdout, stderr, args: ['test'] };
}

// The leak check guards every other e2e test, so it is tested itself.
describe('findLeaks', () => {
  it('passes when no secret shows anywhere', () => {
    expect(() =>
      findLeaks([SECRET], [runWith('ok', 'all fine')], []),
    ).not.toThrow();
  });

  it('finds a whole secret on stderr', () => {
    expect(() =>
      findLeaks([SECRET], [runWith('', `key=${SECRET.value}`)], []),
    ).toThrow(/test secret in stderr/);
  });

  it('finds the first 12 characters of a secret', () => {
    const start = SECRET.value.slice(0, 12);
    expect(() => findLeaks([SECRET], [runWith(`${start}...`)], [])).toThrow(
      /test secret in stdout/,
    );
  });

  it('finds a secret in a file, except in credentials.json', () => {
    const file = (name: string) => ({
      path: `/tmp/x/config/${name}`,
      content: SECRET.value,
    });
    expect(() => findLeaks([SECRET], [], [file('credentials.json')])).not
      .toThrow();
    expect(() => findLeaks([SECRET], [], [file('config.json')])).toThrow(
      /config\.json/,
    );
  });

  it('lets a secret masked to its last four characters pass', () => {
    const masked = `••••${SECRET.value.slice(-4)}`;
    expect(() => findLeaks([SECRET], [runWith(masked)], [])).not.toThrow();
  });
});

describe('a sandbox', () => {
  const sandbox = useSandbox();

  it('adds --verbose to every run unless told not to', async () => {
    const { run } = sandbox();
    const verbose = await run(['--version']);
    const quiet = await run(['--version'], { verbose: false });

    expect(verbose.args).toEqual(['--verbose', '--version']);
    expect(quiet.args).toEqual(['--version']);
  });

  it('knows the keys a login created in the tenant', () => {
    const { sim, secrets } = sandbox();
    const binding = sim.tenant.createBinding(
      sim.tenant.users[0]?.email ?? '',
      new Date(),
    );

    const values = secrets().map((secret) => secret.value);
    expect(values).toContain(binding?.accessKey);
    expect(values).toContain(binding?.secretKey);
  });
});
