import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWarnings } from '../../src/commands/status.js';
import { main } from '../../src/main.js';
import { createConfigStore } from '../../src/storage/index.js';
import type { ProfileSettings } from '../../src/storage/types.js';
import { createMemoryIo, type MemoryIo } from '../helpers/memory-io.js';

const NOW = new Date('2026-06-10T12:00:00Z');
const YESTERDAY = '2026-06-09T12:00:00.000Z';

/** A 2.0 profile that has nothing to warn about. */
const HEALTHY: ProfileSettings = {
  apiVersion: '2.0',
  baseUrl: 'https://api.services.mimecast.com',
  keysStoredAt: YESTERDAY,
  keysVerified: true,
  lastTest: { ok: true, at: YESTERDAY },
};

function codesFor(settings: ProfileSettings): string[] {
  return findWarnings('acme', settings, NOW).map((warning) => warning.code);
}

/** HEALTHY without one of its settings. */
function healthyWithout(key: keyof ProfileSettings): ProfileSettings {
  const settings: ProfileSettings = { ...HEALTHY };
  delete settings[key];
  return settings;
}

function messageFor(settings: ProfileSettings, code: string): string {
  const found = findWarnings('acme', settings, NOW).find(
    (warning) => warning.code === code,
  );
  return found?.message ?? '';
}

describe('findWarnings', () => {
  it('has nothing to say about a verified, passing 2.0 profile', () => {
    expect(codesFor(HEALTHY)).toEqual([]);
  });

  it('warns that API 1.0 is retiring, naming the move', () => {
    const settings = { ...HEALTHY, apiVersion: '1.0' as const };
    const unversioned = healthyWithout('apiVersion');

    expect(codesFor(settings)).toEqual(['api_1_retiring']);
    expect(codesFor(unversioned)).toEqual(['api_1_retiring']);
    expect(messageFor(settings, 'api_1_retiring')).toContain(
      '`mimecast-xdr setup --api 2 --profile acme`',
    );
  });

  it('reports a failed last check with its code and time', () => {
    const failed = {
      ...HEALTHY,
      lastTest: { ok: false, at: YESTERDAY, code: 'keys_expired' as const },
    };

    expect(codesFor(failed)).toEqual(['last_check_failed']);
    const message = messageFor(failed, 'last_check_failed');
    expect(message).toContain('keys_expired');
    expect(message).toContain('1 day ago');
    expect(message).toContain(YESTERDAY);
  });

  it('reports a profile that was never checked', () => {
    expect(codesFor(healthyWithout('lastTest'))).toEqual(['never_checked']);
  });

  it('reports keys that never passed the checks', () => {
    expect(codesFor({ ...HEALTHY, keysVerified: false })).toEqual([
      'keys_unverified',
    ]);
    expect(codesFor(healthyWithout('keysVerified'))).toEqual([
      'keys_unverified',
    ]);
  });

  it('reports an unfinished setup, naming the steps left', () => {
    const setup = {
      completedSteps: [1, 2, 3, 4, 5, 6],
      skippedSteps: [8],
      updatedAt: YESTERDAY,
    };
    const api1 = { ...HEALTHY, apiVersion: '1.0' as const };
    const unfinished = { ...api1, setup };
    const finished = {
      ...api1,
      setup: { ...setup, completedSteps: [1, 2, 3, 4, 5, 6, 7, 9] },
    };

    expect(codesFor(unfinished)).toContain('setup_unfinished');
    expect(messageFor(unfinished, 'setup_unfinished')).toContain(
      'steps 7, 9 of 9',
    );
    expect(codesFor(finished)).not.toContain('setup_unfinished');
  });

  it('counts the three steps of an API 2.0 setup, not the nine of 1.0', () => {
    const setup = { completedSteps: [1, 3], skippedSteps: [], updatedAt: YESTERDAY };
    const unfinished = { ...HEALTHY, setup };
    const finished = { ...HEALTHY, setup: { ...setup, completedSteps: [1, 2, 3] } };

    expect(messageFor(unfinished, 'setup_unfinished')).toContain('step 2 of 3');
    expect(codesFor(finished)).toEqual([]);
  });
});

describe('status', () => {
  let configDir: string;

  beforeEach(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'mimecast-xdr-status-'));
  });

  afterEach(async () => {
    await rm(configDir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ code: number; io: MemoryIo }> {
    const io = createMemoryIo();
    const argv = ['--insecure-storage', '--config-dir', configDir, ...args];
    return { code: await main(argv, io), io };
  }

  async function seed(name: string, settings: ProfileSettings) {
    await createConfigStore(configDir).updateProfile(name, settings);
  }

  it('lists every profile with its warnings and exits 0', async () => {
    await seed('zeta', { ...HEALTHY, keysVerified: false });
    await seed('alpha', HEALTHY);

    const { code, io } = await run(['--json', 'status']);

    expect(code).toBe(0);
    expect(JSON.parse(io.stdoutText())).toEqual({
      ok: false,
      profiles: [
        {
          name: 'alpha',
          apiVersion: '2.0',
          baseUrl: HEALTHY.baseUrl,
          lastTest: HEALTHY.lastTest,
          warnings: [],
        },
        {
          name: 'zeta',
          apiVersion: '2.0',
          baseUrl: HEALTHY.baseUrl,
          lastTest: HEALTHY.lastTest,
          warnings: [
            { code: 'keys_unverified', message: expect.any(String) },
          ],
        },
      ],
    });
  });

  it('is ok with no warnings at all', async () => {
    await seed('alpha', HEALTHY);

    const { io } = await run(['--json', 'status']);

    expect(JSON.parse(io.stdoutText())).toMatchObject({ ok: true });
  });

  it('shows the warnings to a person, with a count', async () => {
    await seed('acme', { baseUrl: 'https://eu-api.mimecast.com' });

    const { code, io } = await run(['status']);

    expect(code).toBe(0);
    const text = io.stderrText();
    expect(text).toContain('acme  API 1.0  https://eu-api.mimecast.com');
    expect(text).toContain('Mimecast is retiring API 1.0');
    expect(text).toContain('never checked');
    expect(text).toContain('1 profile, 3 warnings.');
  });

  it('says how to create a profile when there is none', async () => {
    const human = await run(['status']);
    const json = await run(['--json', 'status']);

    expect(human.code).toBe(0);
    expect(human.io.stderrText()).toContain(
      'mimecast-xdr setup --profile <name>',
    );
    expect(JSON.parse(json.io.stdoutText())).toEqual({
      ok: true,
      profiles: [],
    });
  });

  it('never reads the secrets', async () => {
    await seed('acme', HEALTHY);
    await writeFile(join(configDir, 'credentials.json'), 'not json');

    const { code } = await run(['status']);

    expect(code).toBe(0);
  });

  it('fails on a corrupt config.json', async () => {
    await writeFile(join(configDir, 'config.json'), '[]');

    const { code, io } = await run(['--json', 'status']);

    expect(code).toBe(2);
    expect(JSON.parse(io.stdoutText())).toMatchObject({
      ok: false,
      error: { code: 'config_corrupt' },
    });
  });
});
