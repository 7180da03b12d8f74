import { describe, expect, it } from 'vitest';
import type {
  ProfileSecrets,
  ProfileSettings,
} from '../../src/storage/types.js';
import { buildPushBody } from '../../src/xdr/push.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import {
  createHarness,
  failingReport,
  passingReport,
  VALUES,
  VALUES2,
} from './fakes.js';
import {
  api2Steps,
  choose,
  confirm,
  input,
  secret,
  step,
  step2,
  whichApi,
} from './script.js';

/** A profile that works with API 1.0: checked, verified, pushed. */
const API1_PROFILE: ProfileSettings = {
  apiVersion: '1.0',
  appId: VALUES.appId,
  baseUrl: VALUES.baseUrl,
  xdrEndpoint: VALUES.xdrEndpoint,
  keysStoredAt: '2025-04-01T08:00:00.000Z',
  keysVerified: true,
  lastTest: { ok: true, at: '2025-04-30T08:00:00.000Z' },
  setup: {
    completedSteps: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    skippedSteps: [],
    serviceAccountEmail: VALUES.email,
    updatedAt: '2025-04-01T08:00:00.000Z',
  },
};

const API1_SECRETS: ProfileSecrets = {
  appKey: VALUES.appKey,
  accessKey: VALUES.accessKey,
  secretKey: VALUES.secretKey,
  xdrToken: VALUES.xdrToken,
};

const PUSH = 'Push the three values to XDR at xdr.example.com?';

function movingHarness(
  answers: Parameters<typeof createHarness>[0]['answers'],
  passes = true,
) {
  const report = passes ? passingReport() : failingReport('invalid_client');
  return createHarness({
    api: '2.0',
    settings: structuredClone(API1_PROFILE),
    secrets: { ...API1_SECRETS },
    services: { runChecks: () => Promise.resolve(report) },
    answers,
  });
}

describe('runSetupWizard: moving a profile from API 1.0 to 2.0', () => {
  it('replaces the 1.0 values once the 2.0 values pass, then pushes', async () => {
    const h = movingHarness([...api2Steps(), confirm(PUSH)]);

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({
      status: 'completed',
      apiVersion: '2.0',
      pushed: true,
    });
    const profile = h.config.file.profiles.default;
    expect(profile).toMatchObject({
      apiVersion: '2.0',
      clientId: VALUES2.clientId,
      baseUrl: VALUES2.baseUrl,
      keysVerified: true,
      lastTest: { ok: true },
    });
    expect(profile?.appId).toBeUndefined();
    expect(profile?.setup).toMatchObject({ completedSteps: [1, 2, 3] });
    expect(profile?.setup?.serviceAccountEmail).toBeUndefined();
    expect(profile?.setup).not.toHaveProperty('api2');
    expect(h.secrets.entries.get('default')).toEqual({
      clientSecret: VALUES2.clientSecret,
      xdrToken: VALUES.xdrToken,
    });
    const pushed = h.services.pushed[0]?.credentials;
    expect(pushed && buildPushBody(pushed)).toEqual({
      integration: 'mimecast',
      apiVersion: '2.0',
      ...VALUES2,
    });
    expect(h.output.text()).toContain(
      'The API 2.0 values now replace the API 1.0 ones.',
    );
  });

  it('keeps the profile on 1.0 until the 2.0 checks pass', async () => {
    const h = movingHarness([...api2Steps(), confirm(PUSH)]);
    let atCheck: ProfileSettings | undefined;
    let secretsAtCheck: ProfileSecrets | undefined;
    const run = h.services.runChecks.bind(h.services);
    h.ctx.services.runChecks = async (credentials) => {
      atCheck = structuredClone(h.config.file.profiles.default);
      secretsAtCheck = h.secrets.entries.get('default');
      return run(credentials);
    };

    await runSetupWizard(h.ctx);

    expect(atCheck).toMatchObject({
      apiVersion: '1.0',
      appId: VALUES.appId,
      baseUrl: VALUES.baseUrl,
      keysVerified: true,
    });
    expect(atCheck?.setup?.completedSteps).toHaveLength(9);
    expect(secretsAtCheck).toMatchObject(API1_SECRETS);
  });

  it('leaves the 1.0 values intact when the 2.0 checks fail', async () => {
    const h = movingHarness(
      [...api2Steps(), choose('The check failed.', 'quit')],
      false,
    );

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'paused', resumeAt: 'check' });
    expect(h.services.pushed).toEqual([]);
    const profile = h.config.file.profiles.default;
    expect(profile).toMatchObject({
      apiVersion: '1.0',
      appId: VALUES.appId,
      baseUrl: VALUES.baseUrl,
      keysVerified: true,
      keysStoredAt: API1_PROFILE.keysStoredAt,
      lastTest: API1_PROFILE.lastTest,
    });
    expect(profile?.clientId).toBeUndefined();
    expect(profile?.setup).toMatchObject({
      completedSteps: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      serviceAccountEmail: VALUES.email,
    });
    expect(h.secrets.entries.get('default')).toEqual({
      ...API1_SECRETS,
      clientSecret: VALUES2.clientSecret,
    });
  });

  it('keeps the unfinished move apart, to resume it later', async () => {
    const first = movingHarness(
      [...api2Steps(), choose('The check failed.', 'quit')],
      false,
    );
    await runSetupWizard(first.ctx);
    const saved = first.config.file.profiles.default;
    expect(saved?.setup).toMatchObject({
      api2: {
        completedSteps: [1, 2, 3],
        clientId: VALUES2.clientId,
        baseUrl: VALUES2.baseUrl,
      },
    });

    const again = createHarness({
      api: '2.0',
      settings: saved,
      secrets: first.secrets.entries.get('default'),
      answers: [
        choose('Carry on from the saved progress?', 'restart'),
        step2(1),
        input('Client ID'),
        secret('Client Secret (leave empty to keep ••••mnop)'),
        step2(2, 'quit'),
      ],
    });
    await runSetupWizard(again.ctx);

    const clientId = again.prompter.asked.find(
      (q) => q.message === 'Client ID',
    );
    expect(clientId?.default).toBe(VALUES2.clientId);
    expect(again.config.file.profiles.default).toMatchObject({
      apiVersion: '1.0',
      appId: VALUES.appId,
    });
  });

  it('moves when the admin picks 2.0 for a 1.0 profile', async () => {
    const h = createHarness({
      api: undefined,
      settings: structuredClone(API1_PROFILE),
      secrets: { ...API1_SECRETS },
      answers: [whichApi('2.0'), ...api2Steps(), confirm(PUSH)],
    });

    await runSetupWizard(h.ctx);

    const question = h.prompter.asked[0];
    expect(question?.default).toBe('1.0');
    expect(h.output.text()).toContain(
      'The API 1.0 values stay in use until the API 2.0 values pass',
    );
    expect(h.config.file.profiles.default?.apiVersion).toBe('2.0');
  });

  it('leaves an unfinished move alone when the admin walks 1.0', async () => {
    const api2 = {
      completedSteps: [1],
      skippedSteps: [],
      clientId: VALUES2.clientId,
      updatedAt: '2025-05-01T09:00:00.000Z',
    };
    const h = createHarness({
      api: '1.0',
      settings: {
        ...structuredClone(API1_PROFILE),
        setup: { ...API1_PROFILE.setup!, completedSteps: [1, 2], api2 },
      },
      secrets: { ...API1_SECRETS, clientSecret: VALUES2.clientSecret },
      answers: [choose('Carry on from the saved progress?'), step(3, 'quit')],
    });

    await runSetupWizard(h.ctx);

    const setup = h.config.file.profiles.default?.setup;
    expect(setup).toMatchObject({ completedSteps: [1, 2], api2 });
    expect(h.secrets.writes).toEqual([]);
  });
});

describe('runSetupWizard: a profile already on API 2.0', () => {
  it('refuses to walk API 1.0 over it, changing nothing', async () => {
    const settings: ProfileSettings = {
      apiVersion: '2.0',
      clientId: VALUES2.clientId,
      baseUrl: VALUES2.baseUrl,
      keysVerified: true,
    };
    const h = createHarness({
      api: '1.0',
      settings: structuredClone(settings),
      secrets: { clientSecret: VALUES2.clientSecret },
      answers: [],
    });

    await expect(runSetupWizard(h.ctx)).rejects.toMatchObject({
      code: 'invalid_value',
      field: 'api',
    });
    expect(h.config.file.profiles.default).toEqual(settings);
    expect(h.secrets.entries.get('default')).toEqual({
      clientSecret: VALUES2.clientSecret,
    });
  });
});
