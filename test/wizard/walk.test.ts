import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import { createHarness, passingReport, VALUES } from './fakes.js';
import {
  choose,
  confirm,
  discoveredStep9,
  freshWalk,
  input,
  pastedStep6,
  secret,
  step,
  stepsDone,
  typedStep1,
} from './script.js';

describe('runSetupWizard: a first walk', () => {
  it('walks the nine steps, checks, stores, and lists the values', async () => {
    const h = createHarness({ answers: freshWalk() });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'completed', pushed: false });
    expect(h.prompter.remaining()).toBe(0);
    expect(h.services.checked).toEqual([
      {
        appId: VALUES.appId,
        appKey: VALUES.appKey,
        accessKey: VALUES.accessKey,
        secretKey: VALUES.secretKey,
        baseUrl: VALUES.baseUrl,
      },
    ]);
    expect(h.secrets.entries.get('default')).toEqual({
      appKey: VALUES.appKey,
      accessKey: VALUES.accessKey,
      secretKey: VALUES.secretKey,
    });
    const profile = h.config.file.profiles.default;
    expect(profile).toMatchObject({
      apiVersion: '1.0',
      appId: VALUES.appId,
      baseUrl: VALUES.baseUrl,
      keysVerified: true,
      lastTest: { ok: true },
    });
    expect(profile?.keysStoredAt).toBeDefined();
    expect(profile?.setup?.completedSteps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(profile?.setup?.serviceAccountEmail).toBe(VALUES.email);
  });

  it('shows every step under a "Step n of 9: title" header', async () => {
    const h = createHarness({ answers: freshWalk() });

    await runSetupWizard(h.ctx);

    const text = h.output.text();
    expect(text).toContain('Step 1 of 9: Create an API application');
    expect(text).toContain('Step 3 of 9: Create a profile group');
    expect(text).toContain('Step 9 of 9: Find the base URL');
    for (const line of h.output.lines) {
      expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('says at step 1 that no new API 1.0 applications exist', async () => {
    const h = createHarness({ answers: freshWalk() });

    await runSetupWizard(h.ctx);

    const text = h.output.text().replace(/\s+/g, ' ');
    expect(text).toContain('since the end of June 2025');
    expect(text).toContain('API 2.0');
    expect(text).toContain('up to 30 minutes');
    expect(text).toContain('Steps 2 to 5');
  });

  it('lists the six permissions at step 7 by their console names', async () => {
    const h = createHarness({ answers: freshWalk() });

    await runSetupWizard(h.ctx);

    const text = h.output.text();
    for (const permission of [
      'Account | Logs',
      'Monitoring | Data Leak Prevention',
      'Monitoring | Attachment Protection',
      'Monitoring | Impersonation Protection',
      'Monitoring | URL Protection',
      'Services | Gateway | Tracking',
    ]) {
      expect(text).toContain(`- ${permission}`);
    }
  });

  it('reports when no SIEM log files exist yet', async () => {
    const report = { ...passingReport(), siemLogs: { available: false } };
    const h = createHarness({
      answers: freshWalk(),
      services: { runChecks: () => Promise.resolve(report) },
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text().replace(/\s+/g, ' ')).toContain(
      'every 30 minutes',
    );
  });

  it('says plainly when it runs against the demo tenant', async () => {
    const h = createHarness({ answers: [step(1, 'quit')] });
    h.ctx.demo = true;

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toContain('Demo: the values belong to a simulated');
  });

  it('in the demo, takes the application as long live', async () => {
    const h = createHarness({
      demo: true,
      answers: [
        step(1),
        input('Application ID', VALUES.appId),
        secret('Application Key', VALUES.appKey),
        choose('When was the application created?'),
        step(2, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const created = h.prompter.asked.find((q) => q.message.startsWith('When'));
    expect(created?.default).toBe('earlier');
    expect(h.output.text()).not.toContain('may not be live');
  });

  it('expects a new application outside the demo', async () => {
    const h = createHarness({
      answers: [
        step(1),
        input('Application ID', VALUES.appId),
        secret('Application Key', VALUES.appKey),
        choose('When was the application created?'),
        step(2, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const created = h.prompter.asked.find((q) => q.message.startsWith('When'));
    expect(created?.default).toBe('now');
    expect(h.output.text()).toContain('may not be live');
  });

  it('tells a tenant without a 1.0 application to choose API 2.0', async () => {
    const h = createHarness({ answers: [step(1, 'quit')] });

    await runSetupWizard(h.ctx);

    const text = h.output.text().replace(/\s+/g, ' ');
    expect(text).toContain('choosing API 2.0 at the start');
    expect(text).not.toContain('later release');
  });

  it('saves progress after every step', async () => {
    const h = createHarness({ answers: freshWalk() });

    await runSetupWizard(h.ctx);

    const marks = h.config.updates.map((u) => u.setup?.completedSteps.length);
    expect(marks.slice(0, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.config.updates[0]).toMatchObject({
      appId: VALUES.appId,
      keysVerified: false,
    });
    expect(h.secrets.writes[0]).toEqual({ appKey: VALUES.appKey });
  });
});

describe('runSetupWizard: moving between steps', () => {
  it('goes back a step and shows it again', async () => {
    const h = createHarness({
      answers: [
        ...typedStep1(),
        step(2, 'back'),
        step(1),
        input('Application ID'),
        secret('Application Key'),
        choose('When was the application created?'),
        step(2, 'quit'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 2 });
    const headers = h.output.lines.filter((l) => l.startsWith('Step 1 of 9'));
    expect(headers).toHaveLength(2);
    expect(h.prompter.remaining()).toBe(0);
  });

  it('offers no way back from step 1', async () => {
    const h = createHarness({ answers: [step(1, 'quit')] });

    await runSetupWizard(h.ctx);

    expect(h.prompter.asked[0]?.choices).toEqual(['done', 'skip', 'quit']);
    expect(h.prompter.asked[0]?.default).toBe('done');
  });

  it('records a skipped step and carries on', async () => {
    const h = createHarness({
      answers: [...typedStep1(), step(2, 'skip'), step(3, 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 3 });
    const setup = h.config.file.profiles.default?.setup;
    expect(setup?.completedSteps).toEqual([1]);
    expect(setup?.skippedSteps).toEqual([2]);
  });

  it('quits with the progress saved', async () => {
    const h = createHarness({
      answers: [...typedStep1(), step(2, 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 2 });
    expect(h.config.file.profiles.default?.appId).toBe(VALUES.appId);
    expect(h.secrets.entries.get('default')).toEqual({ appKey: VALUES.appKey });
    expect(h.services.calls).toEqual([]);
  });

  it('asks for a missing value at the end and goes to its step', async () => {
    const h = createHarness({
      answers: [
        ...typedStep1(),
        step(2),
        input("Service account's email address", VALUES.email),
        ...stepsDone(3, 5),
        step(6, 'skip'),
        ...stepsDone(7, 8),
        ...discoveredStep9(),
        choose('The check needs all five values', 6),
        ...pastedStep6(),
        confirm('Push the values'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome.status).toBe('completed');
    expect(h.output.text()).toContain('The Access Key is missing.');
    expect(h.prompter.remaining()).toBe(0);
  });
});

describe('runSetupWizard: checking values as they are typed', () => {
  it('refuses a bad Application ID and asks again', async () => {
    const h = createHarness({
      answers: [
        step(1),
        input('Application ID', 'has white space'),
        input('Application ID', VALUES.appId),
        secret('Application Key', VALUES.appKey),
        choose('When was the application created?'),
        step(2, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const asked = h.prompter.asked.find((q) => q.message === 'Application ID');
    expect(asked?.refusals).toHaveLength(1);
    expect(asked?.refusals[0]).toContain('Application ID');
    expect(asked?.refusals[0]).toContain('white space');
  });

  it('refuses a bad email address and asks again', async () => {
    const h = createHarness({
      answers: [
        ...typedStep1(),
        step(2),
        input("Service account's email address", 'not-an-address'),
        input("Service account's email address", VALUES.email),
        step(3, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const asked = h.prompter.asked.find((q) => q.message.includes('email'));
    expect(asked?.refusals[0]).toContain('email address');
    expect(h.config.file.profiles.default?.setup?.serviceAccountEmail).toBe(
      VALUES.email,
    );
  });

  it('refuses a malformed Secret Key without echoing it', async () => {
    const bad = 'not/base64!!';
    const h = createHarness({
      answers: [
        ...typedStep1(),
        ...stepsDone(2, 5).map((a, i) =>
          i === 0 ? step(2, 'skip') : a,
        ),
        step(6),
        choose('How do you want to provide the keys?', 'paste'),
        secret('Access Key', VALUES.accessKey),
        secret('Secret Key', bad),
        secret('Secret Key', VALUES.secretKey),
        step(7, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const asked = h.prompter.asked.find((q) => q.message === 'Secret Key');
    expect(asked?.refusals).toHaveLength(1);
    expect(asked?.refusals[0]).not.toContain(bad);
  });
});

describe('runSetupWizard: Ctrl-C', () => {
  it('saves what was typed, then rethrows the cancel', async () => {
    const h = createHarness({
      answers: [
        step(1),
        input('Application ID', VALUES.appId),
        { kind: 'cancel' },
      ],
    });

    const run = runSetupWizard(h.ctx);

    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toMatchObject({
      code: 'cancelled',
      exitCode: 130,
    });
    const profile = h.config.file.profiles.default;
    expect(profile?.appId).toBe(VALUES.appId);
    expect(profile?.setup?.completedSteps).toEqual([]);
  });

  it('says the progress was not saved when saving fails', async () => {
    const h = createHarness({
      answers: [
        step(1),
        input('Application ID', VALUES.appId),
        secret('Application Key', VALUES.appKey),
        { kind: 'cancel' },
      ],
    });
    const locked = new CliError({
      code: 'keychain_unavailable',
      message: 'The keychain is locked.',
      hint: 'Unlock it.',
    });
    h.secrets.set = () => Promise.reject(locked);

    await expect(runSetupWizard(h.ctx)).rejects.toBe(locked);
  });

  it('keeps steps already done when cancelled later', async () => {
    const h = createHarness({
      answers: [
        ...typedStep1(),
        step(2),
        input("Service account's email address", VALUES.email),
        ...stepsDone(3, 4),
        { kind: 'cancel' },
      ],
    });

    await expect(runSetupWizard(h.ctx)).rejects.toMatchObject({
      code: 'cancelled',
    });

    const setup = h.config.file.profiles.default?.setup;
    expect(setup?.completedSteps).toEqual([1, 2, 3, 4]);
    expect(setup?.serviceAccountEmail).toBe(VALUES.email);
    expect(h.secrets.entries.get('default')).toEqual({ appKey: VALUES.appKey });
  });

  it('saves progress when something else fails, too', async () => {
    const h = createHarness({
      answers: [
        ...typedStep1(),
        step(2, 'skip'),
        ...stepsDone(3, 5),
        step(6),
        choose('How do you want to provide the keys?', 'paste'),
        secret('Access Key', VALUES.accessKey),
      ],
    });

    await expect(runSetupWizard(h.ctx)).rejects.toThrow('Unexpected password');

    expect(h.secrets.entries.get('default')).toEqual({
      appKey: VALUES.appKey,
      accessKey: VALUES.accessKey,
    });
  });
});
