import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import type { ScriptedAnswer } from '../../src/terminal/prompts.js';
import { pickLoginType } from '../../src/wizard/keys.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import { CREATED_KEYS, createHarness, VALUES } from './fakes.js';
import {
  choose,
  confirm,
  input,
  secret,
  step,
  stepsDone,
  typedStep1,
} from './script.js';

const KEYS_QUESTION = 'How do you want to provide the keys?';
const KEEP_QUESTION = "Keep the service account's password";
const NOT_LIVE_QUESTION = 'The application is not accepted yet.';

/** Steps 1 to 5, the application created `when`. */
function upToStep6(when: 'now' | 'earlier' = 'earlier'): ScriptedAnswer[] {
  const step1 = typedStep1().map((a) =>
    a.kind === 'select' && String(a.message).startsWith('When')
      ? { ...a, answer: when }
      : a,
  );
  return [
    ...step1,
    step(2),
    input("Service account's email address", VALUES.email),
    ...stepsDone(3, 5),
  ];
}

function createChosen(): ScriptedAnswer[] {
  return [
    step(6),
    choose(KEYS_QUESTION, 'create'),
    input("Service account's email address"),
  ];
}

/**
 * Steps 1 to 5, then keys created at step 6 until Mimecast says the
 * application is not live yet; the offer that follows takes its default.
 */
function upToNotLiveOffer(when: 'now' | 'earlier'): ScriptedAnswer[] {
  return [
    ...upToStep6(when),
    ...createChosen(),
    secret("Service account's password", VALUES.password),
    choose(NOT_LIVE_QUESTION),
  ];
}

function notLive(): CliError {
  return new CliError({
    code: 'invalid_app_id',
    message: 'Mimecast does not accept the Application ID.',
    hint: 'A new application needs up to 30 minutes to go live.',
  });
}

describe('step 6: creating the keys by logging in', () => {
  it('discovers the account and logs in with Basic-Cloud', async () => {
    const h = createHarness({
      answers: [
        ...upToStep6(),
        ...createChosen(),
        secret("Service account's password", VALUES.password),
        confirm(KEEP_QUESTION),
        step(7, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    expect(h.services.created).toEqual([
      {
        baseUrl: VALUES.baseUrl,
        appId: VALUES.appId,
        email: VALUES.email,
        password: VALUES.password,
        loginType: 'Basic-Cloud',
      },
    ]);
    expect(h.secrets.entries.get('default')).toEqual({
      appKey: VALUES.appKey,
      ...CREATED_KEYS,
    });
    expect(h.registered).toContain(VALUES.password);
    expect(h.registered).toContain(CREATED_KEYS.secretKey);
    const text = h.output.text();
    expect(text).toContain('SSO');
    expect(text).toContain('two-factor');
    expect(text).toContain('key binding');
    expect(text).not.toContain(CREATED_KEYS.secretKey);
  });

  it('never stores the password unless the admin opts in', async () => {
    const h = createHarness({
      answers: [
        ...upToStep6(),
        ...createChosen(),
        secret("Service account's password", VALUES.password),
        confirm(KEEP_QUESTION, true),
        step(7, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const keep = h.prompter.asked.find((q) => q.message.startsWith('Keep'));
    expect(keep?.default).toBe(false);
    expect(h.secrets.entries.get('default')?.serviceAccountPassword).toBe(
      VALUES.password,
    );
    for (const write of h.secrets.writes.slice(0, 1)) {
      expect(write.serviceAccountPassword).toBeUndefined();
    }
  });

  it('keeps a stored password on Enter and offers to keep it', async () => {
    const h = createHarness({
      secrets: { serviceAccountPassword: VALUES.password },
      answers: [
        ...upToStep6(),
        ...createChosen(),
        secret('(leave empty to keep ••••s-42)'),
        confirm(KEEP_QUESTION),
        step(7, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    expect(h.services.created[0]?.password).toBe(VALUES.password);
    const keep = h.prompter.asked.find((q) => q.message.startsWith('Keep'));
    expect(keep?.default).toBe(true);
  });

  it('logs in with Basic-AD when that is all the account accepts', () => {
    expect(pickLoginType(['Basic-AD'])).toBe('Basic-AD');
    expect(pickLoginType(['Basic-AD', 'Basic-Cloud'])).toBe('Basic-Cloud');
    expect(pickLoginType(['SAML'])).toBeUndefined();
  });

  it('explains when the account cannot sign in with a password', async () => {
    const h = createHarness({
      services: {
        discoverBaseUrl: () =>
          Promise.resolve({ baseUrl: VALUES.baseUrl, loginTypes: ['SAML'] }),
      },
      answers: [...upToStep6(), ...createChosen(), step(6, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toContain('does not accept a password sign-in');
    expect(h.services.created).toEqual([]);
  });

  it('says so when Mimecast does not know the address', async () => {
    const h = createHarness({
      services: { discoverBaseUrl: () => Promise.resolve({ loginTypes: [] }) },
      answers: [...upToStep6(), ...createChosen(), step(6, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toContain(
      `Mimecast does not know the address ${VALUES.email}.`,
    );
  });

  it('shows a refused login and asks for the password again', async () => {
    let calls = 0;
    const h = createHarness({
      services: {
        createKeys: () => {
          calls += 1;
          if (calls > 1) return Promise.resolve(CREATED_KEYS);
          return Promise.reject(
            new CliError({
              code: 'invalid_signature',
              message: 'Mimecast refused the sign-in.',
              hint: 'Check the password.',
            }),
          );
        },
      },
      answers: [
        ...upToStep6(),
        ...createChosen(),
        secret("Service account's password", 'wrong-password'),
        choose('What now?'),
        secret("Service account's password", VALUES.password),
        confirm(KEEP_QUESTION),
        step(7, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toContain('Mimecast refused the sign-in.');
    expect(h.secrets.entries.get('default')?.accessKey).toBe(
      CREATED_KEYS.accessKey,
    );
  });
});

describe('step 6: waiting for the application to go live', () => {
  it('counts down and tries about once a minute until it works', async () => {
    let calls = 0;
    const h = createHarness({
      services: {
        createKeys: () => {
          calls += 1;
          if (calls <= 3) return Promise.reject(notLive());
          return Promise.resolve(CREATED_KEYS);
        },
      },
      answers: [
        ...upToNotLiveOffer('now'),
        confirm(KEEP_QUESTION),
        step(7, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const offer = h.prompter.asked.find((q) =>
      q.message.startsWith(NOT_LIVE_QUESTION),
    );
    expect(offer?.default).toBe('wait');
    expect(calls).toBe(4);
    const waited = h.clock.sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBe(3 * 60_000);
    expect(Math.max(...h.clock.sleeps)).toBeLessThanOrEqual(1000);
    const text = h.output.text();
    expect(text).toContain('Waiting for the application to go live: 30:00 left');
    expect(text).toContain('Waiting for the application to go live: 27:30 left');
    expect(text).toContain('[succeed] The application is live.');
    expect(h.secrets.entries.get('default')?.secretKey).toBe(
      CREATED_KEYS.secretKey,
    );
  });

  it('gives up at 30 minutes after creation and points to step 1', async () => {
    const h = createHarness({
      services: { createKeys: () => Promise.reject(notLive()) },
      answers: [
        ...upToNotLiveOffer('now'),
        step(6, 'quit'),
      ],
    });

    await runSetupWizard(h.ctx);

    const waited = h.clock.sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBe(30 * 60_000);
    expect(h.output.text()).toContain('Check the Application ID at step 1.');
  });

  it('offers step 1 instead of a wait long after the creation', async () => {
    const h = createHarness({
      services: { createKeys: () => Promise.reject(notLive()) },
      answers: [
        ...upToNotLiveOffer('earlier'),
        step(1, 'quit'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    const offer = h.prompter.asked.find((q) =>
      q.message.startsWith(NOT_LIVE_QUESTION),
    );
    expect(offer?.choices).toEqual(['step1', 'menu']);
    expect(outcome).toEqual({ status: 'paused', resumeAt: 6 });
  });

  it('leaves the wait on Ctrl-C with the progress saved', async () => {
    const h = createHarness({
      services: { createKeys: () => Promise.reject(notLive()) },
      answers: upToNotLiveOffer('now'),
    });
    let ticks = 0;
    h.ctx.sleep = () => {
      ticks += 1;
      if (ticks < 5) return Promise.resolve();
      return Promise.reject(new DOMException('Interrupted', 'AbortError'));
    };

    const run = runSetupWizard(h.ctx);

    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    const setup = h.config.file.profiles.default?.setup;
    expect(setup?.completedSteps).toEqual([1, 2, 3, 4, 5]);
    expect(setup?.applicationCreatedAt).toBe('2025-05-01T10:00:00.000Z');
    expect(h.secrets.entries.get('default')).toEqual({ appKey: VALUES.appKey });
  });
});
