import { describe, expect, it } from 'vitest';
import type { ProfileSettings } from '../../src/storage/types.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import { createHarness, VALUES } from './fakes.js';
import {
  choose,
  confirm,
  discoveredStep9,
  input,
  pastedStep6,
  secret,
  step,
  stepsDone,
} from './script.js';

const SAVED: ProfileSettings = {
  apiVersion: '1.0',
  appId: VALUES.appId,
  keysVerified: false,
  setup: {
    completedSteps: [1, 2, 3],
    skippedSteps: [],
    applicationCreatedAt: '2025-05-01T09:00:00.000Z',
    serviceAccountEmail: VALUES.email,
    updatedAt: '2025-05-01T09:05:00.000Z',
  },
};

describe('runSetupWizard: saved progress', () => {
  it('resumes at the first unfinished step by default', async () => {
    const h = createHarness({
      settings: SAVED,
      secrets: { appKey: VALUES.appKey },
      answers: [choose('Carry on from the saved progress?'), step(4, 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 4 });
    const offer = h.prompter.asked[0];
    expect(offer?.default).toBe('resume');
    expect(h.output.text()).toContain('Steps done: 1, 2, 3. Skipped: none.');
    expect(h.output.text()).not.toContain('Step 1 of 9');
    expect(h.config.file.profiles.default?.setup?.completedSteps).toEqual([
      1, 2, 3,
    ]);
  });

  it('keeps the saved values intact through to the check', async () => {
    const h = createHarness({
      settings: SAVED,
      secrets: { appKey: VALUES.appKey },
      answers: [
        choose('Carry on from the saved progress?'),
        ...stepsDone(4, 5),
        ...pastedStep6(),
        ...stepsDone(7, 8),
        ...discoveredStep9(),
        confirm('Push the values'),
      ],
    });

    await runSetupWizard(h.ctx);

    expect(h.services.checked[0]).toMatchObject({
      appId: VALUES.appId,
      appKey: VALUES.appKey,
    });
    expect(h.services.calls[0]).toBe('discoverBaseUrl');
  });

  it('starts over at step 1 with the known values as defaults', async () => {
    const h = createHarness({
      settings: SAVED,
      secrets: { appKey: VALUES.appKey },
      answers: [
        choose('Carry on from the saved progress?', 'restart'),
        step(1),
        input('Application ID'),
        secret('Application Key (leave empty to keep ••••4a5b)'),
        choose('When was the application created?'),
        step(2),
        input("Service account's email address"),
        step(3, 'quit'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 3 });
    const appId = h.prompter.asked.find((q) => q.message === 'Application ID');
    expect(appId?.default).toBe(VALUES.appId);
    const created = h.prompter.asked.find((q) => q.message.startsWith('When'));
    expect(created?.default).toBe('recorded');
    const setup = h.config.file.profiles.default?.setup;
    expect(setup?.completedSteps).toEqual([1, 2]);
    expect(setup?.applicationCreatedAt).toBe('2025-05-01T09:00:00.000Z');
    expect(h.secrets.entries.get('default')).toEqual({ appKey: VALUES.appKey });
  });

  it('offers the final check when every step is behind', async () => {
    const h = createHarness({
      settings: {
        ...SAVED,
        baseUrl: VALUES.baseUrl,
        setup: {
          ...SAVED.setup!,
          completedSteps: [1, 2, 3, 4, 5, 6, 7, 8],
          skippedSteps: [9],
        },
      },
      secrets: {
        appKey: VALUES.appKey,
        accessKey: VALUES.accessKey,
        secretKey: VALUES.secretKey,
      },
      answers: [
        choose('Carry on from the saved progress?'),
        confirm('Push the values'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome.status).toBe('completed');
    const offer = h.prompter.asked[0];
    expect(h.output.text()).not.toContain('Step 9 of 9');
    expect(offer?.message).toBe('Carry on from the saved progress?');
    expect(h.config.file.profiles.default?.keysVerified).toBe(true);
  });

  it('walks from step 1 without asking after a finished setup', async () => {
    const h = createHarness({
      settings: {
        ...SAVED,
        keysVerified: true,
        setup: { ...SAVED.setup!, completedSteps: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      },
      answers: [step(1, 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 1 });
  });

  it('keeps verified keys verified when nothing changed', async () => {
    const h = createHarness({
      settings: { ...SAVED, baseUrl: VALUES.baseUrl, keysVerified: true },
      secrets: {
        appKey: VALUES.appKey,
        accessKey: VALUES.accessKey,
        secretKey: VALUES.secretKey,
      },
      answers: [choose('Carry on from the saved progress?'), step(4, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(h.config.file.profiles.default?.keysVerified).toBe(true);
    expect(h.secrets.writes).toEqual([]);
  });

  it('marks the keys unverified once a value changes', async () => {
    const h = createHarness({
      settings: { ...SAVED, keysVerified: true },
      secrets: { appKey: VALUES.appKey },
      answers: [
        choose('Carry on from the saved progress?', 'restart'),
        step(1),
        input('Application ID'),
        secret('Application Key', 'a-brand-new-application-key'),
        choose('When was the application created?'),
        step(2, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const profile = h.config.file.profiles.default;
    expect(profile?.keysVerified).toBe(false);
    expect(profile?.keysStoredAt).toBeDefined();
    expect(h.secrets.entries.get('default')?.appKey).toBe(
      'a-brand-new-application-key',
    );
  });

  it('lets values from this run win over saved ones', async () => {
    const other = 'b0b0b0b0-1111-2222-3333-444444444444';
    const h = createHarness({
      settings: SAVED,
      known: { appId: other },
      answers: [
        choose('Carry on from the saved progress?', 'restart'),
        step(1),
        input('Application ID'),
        secret('Application Key', VALUES.appKey),
        choose('When was the application created?'),
        step(2, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const appId = h.prompter.asked.find((q) => q.message === 'Application ID');
    expect(appId?.default).toBe(other);
    expect(h.config.file.profiles.default?.appId).toBe(other);
  });
});

describe('runSetupWizard: Enter alone', () => {
  it('walks a setup whose values are all known and pushes', async () => {
    const h = createHarness({
      known: { ...VALUES },
      answers: [
        step(1),
        input('Application ID'),
        secret('Application Key (leave empty to keep ••••4a5b)'),
        choose('When was the application created?'),
        step(2),
        input("Service account's email address"),
        ...stepsDone(3, 5),
        step(6),
        choose('How do you want to provide the keys?'),
        secret('Access Key (leave empty to keep ••••WXYZ)'),
        secret('Secret Key (leave empty'),
        ...stepsDone(7, 8),
        ...discoveredStep9(),
        confirm('Push the five values to XDR at xdr.example.com?'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'completed', pushed: true });
    expect(h.prompter.remaining()).toBe(0);
    expect(h.services.pushed[0]?.target).toEqual({
      endpoint: VALUES.xdrEndpoint,
      token: VALUES.xdrToken,
    });
    expect(h.services.calls.indexOf('runChecks')).toBeLessThan(
      h.services.calls.indexOf('pushToXdr'),
    );
    expect(h.secrets.entries.get('default')).toEqual({
      appKey: VALUES.appKey,
      accessKey: VALUES.accessKey,
      secretKey: VALUES.secretKey,
      xdrToken: VALUES.xdrToken,
    });
    const profile = h.config.file.profiles.default;
    expect(profile?.xdrEndpoint).toBe(VALUES.xdrEndpoint);
    expect(h.output.lines).toContain(
      `XDR integration endpoint: ${VALUES.xdrEndpoint}`,
    );
  });
});
