import { describe, expect, it } from 'vitest';
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
  step2,
  typedApi2Step1,
  whichApi,
} from './script.js';

const ASK_HOST = 'Which API 2.0 host should XDR use?';

describe('runSetupWizard: the API 2.0 walk', () => {
  it('walks three steps, checks, stores and lists the values', async () => {
    const h = createHarness({
      api: undefined,
      answers: [
        whichApi(),
        ...api2Steps(),
        confirm('Push the values to Barracuda XDR now?'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({
      status: 'completed',
      apiVersion: '2.0',
      pushed: false,
    });
    expect(h.prompter.remaining()).toBe(0);
    expect(h.services.checked).toEqual([{ ...VALUES2 }]);
    expect(h.secrets.entries.get('default')).toEqual({
      clientSecret: VALUES2.clientSecret,
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
    expect(profile?.setup?.completedSteps).toEqual([1, 2, 3]);
    expect(h.registered).toContain(VALUES2.clientSecret);
  });

  it('heads the steps "Step n of 3" and says why 1.0 steps are gone', async () => {
    const h = createHarness({
      api: '2.0',
      answers: [...api2Steps(), confirm('Push the values')],
    });

    await runSetupWizard(h.ctx);

    const text = h.output.text();
    expect(text).toContain('Step 1 of 3: Create an API 2.0 application');
    expect(text).toContain('Step 2 of 3: Turn on enhanced logging');
    expect(text).toContain('Step 3 of 3: Choose the base URL');
    expect(text).not.toContain('of 9');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('service account, profile group');
    expect(flat).toContain('are left out');
    for (const line of h.output.lines) {
      expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('explains the console path, the role and the one-time secret', async () => {
    const h = createHarness({
      api: '2.0',
      answers: [step2(1, 'quit')],
    });

    await runSetupWizard(h.ctx);

    const flat = h.output.text().replace(/\s+/g, ' ');
    expect(flat).toContain(
      'Administration > Integrations > API and Platform Integrations > ' +
        'the Mimecast API 2.0 tile > Generate Keys',
    );
    expect(flat).toContain('cannot be changed once it is saved');
    expect(flat).toContain('shows the Client Secret only once');
    expect(flat).toContain('- Account | Logs');
    expect(flat).toContain('- Services | Gateway | Tracking');
  });

  it('refuses Client ID and Secret values the checks would refuse', async () => {
    const h = createHarness({
      api: '2.0',
      answers: [
        step2(1),
        input('Client ID', 'has white space'),
        input('Client ID', VALUES2.clientId),
        secret('Client Secret', ''),
        secret('Client Secret', VALUES2.clientSecret),
        step2(2, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const [id, clientSecret] = h.prompter.asked.filter(
      (q) => q.kind === 'input' || q.kind === 'password',
    );
    expect(id?.refusals).toHaveLength(1);
    expect(id?.refusals[0]).toContain('Client ID');
    expect(id?.refusals[0]).toContain('white space');
    expect(id?.refusals[0]).not.toContain('has white space');
    expect(clientSecret?.refusals).toHaveLength(1);
    expect(clientSecret?.refusals[0]).toMatch(/Client Secret .*is empty/);
  });

  it('takes a typed API 2.0 base URL and refuses an API 1.0 one', async () => {
    const h = createHarness({
      api: '2.0',
      answers: [
        ...typedApi2Step1(),
        step2(2),
        step2(3),
        choose(ASK_HOST, 'other'),
        input('Base URL', VALUES.baseUrl),
        input('Base URL', 'uk-api.services.mimecast.com/'),
        confirm('Push the values'),
      ],
    });

    await runSetupWizard(h.ctx);

    const typed = h.prompter.asked.find((q) => q.message === 'Base URL');
    expect(typed?.refusals[0]).toContain('an API 1.0 host');
    expect(h.services.checked[0]?.baseUrl).toBe(
      'https://uk-api.services.mimecast.com',
    );
  });

  it('offers the global host first and recommends it', async () => {
    const h = createHarness({
      api: '2.0',
      answers: [
        ...typedApi2Step1(),
        step2(2),
        step2(3),
        choose(ASK_HOST),
        confirm('Push the values'),
      ],
    });

    await runSetupWizard(h.ctx);

    const question = h.prompter.asked.find((q) => q.message === ASK_HOST);
    expect(question?.default).toBe(VALUES2.baseUrl);
    expect(question?.choices).toEqual([
      'https://api.services.mimecast.com',
      'https://uk-api.services.mimecast.com',
      'https://us-api.services.mimecast.com',
      'other',
    ]);
    expect(h.services.checked[0]?.baseUrl).toBe(VALUES2.baseUrl);
  });

  it('pushes the 2.0 values to XDR', async () => {
    const h = createHarness({
      api: '2.0',
      known: { xdrEndpoint: VALUES.xdrEndpoint, xdrToken: VALUES.xdrToken },
      answers: [
        ...api2Steps(),
        confirm('Push the three values to XDR at xdr.example.com?'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'completed', pushed: true });
    const pushed = h.services.pushed[0];
    expect(pushed?.credentials && buildPushBody(pushed.credentials)).toEqual({
      integration: 'mimecast',
      apiVersion: '2.0',
      ...VALUES2,
    });
    expect(h.output.text()).toContain('XDR accepted the three values.');
    expect(h.secrets.entries.get('default')).toEqual({
      clientSecret: VALUES2.clientSecret,
      xdrToken: VALUES.xdrToken,
    });
  });

  it('lists the three values, the secret masked, without a push', async () => {
    const h = createHarness({
      api: '2.0',
      answers: [...api2Steps(), confirm('Push the values', false)],
    });

    await runSetupWizard(h.ctx);

    const lines = h.output.lines;
    const row = (n: number, label: string, value: string) =>
      `  ${n}. ${label.padEnd(16)} ${value}`;
    expect(lines).toContain(row(1, 'Client ID', VALUES2.clientId));
    expect(lines).toContain(row(2, 'Client Secret', '••••mnop'));
    expect(lines).toContain(row(3, 'Base URL', VALUES2.baseUrl));
    expect(h.output.text()).not.toContain(VALUES2.clientSecret);
  });

  it('goes back to step 1 after invalid_client', async () => {
    const reports = [failingReport('invalid_client')];
    const h = createHarness({
      api: '2.0',
      services: {
        runChecks: () => Promise.resolve(reports.shift() ?? passingReport()),
      },
      answers: [
        ...api2Steps(),
        choose('The check failed. What now?'),
        step2(1),
        input('Client ID'),
        secret('Client Secret (leave empty to keep ••••mnop)'),
        confirm('Push the values'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    const route = h.prompter.asked.find((q) =>
      q.message.startsWith('The check'),
    );
    expect(route?.default).toBe(1);
    expect(route?.choices).toEqual([1, 'retry', 'quit']);
    expect(outcome).toMatchObject({ status: 'completed', apiVersion: '2.0' });
    expect(h.services.checked).toHaveLength(2);
  });

  it('sends a permission failure to the role of step 1', async () => {
    const h = createHarness({
      api: '2.0',
      services: {
        runChecks: () => Promise.resolve(failingReport('permission_denied')),
      },
      answers: [...api2Steps(), choose('The check failed.', 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'paused', resumeAt: 'check' });
    const route = h.prompter.asked.find((q) =>
      q.message.startsWith('The check'),
    );
    expect(route?.choices).toEqual([1, 'retry', 'quit']);
    expect(route?.default).toBe(1);
  });

  it('resumes a saved API 2.0 walk at its first unfinished step', async () => {
    const h = createHarness({
      api: '2.0',
      settings: {
        apiVersion: '2.0',
        clientId: VALUES2.clientId,
        keysVerified: false,
        setup: {
          completedSteps: [1],
          skippedSteps: [],
          updatedAt: '2025-05-01T09:00:00.000Z',
        },
      },
      secrets: { clientSecret: VALUES2.clientSecret },
      answers: [choose('Carry on from the saved progress?'), step2(2, 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 2 });
    const offer = h.prompter.asked[0];
    expect(offer?.choices).toEqual(['resume', 'restart']);
    expect(h.output.text()).toContain('Steps done: 1. Skipped: none.');
  });
});
