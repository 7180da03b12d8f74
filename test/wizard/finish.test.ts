import { describe, expect, it } from 'vitest';
import type { ChecksReport } from '../../src/mimecast/checks.js';
import type { ScriptedAnswer } from '../../src/terminal/prompts.js';
import { failureCode } from '../../src/wizard/finish.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import {
  createHarness,
  failingReport,
  passingReport,
  VALUES,
} from './fakes.js';
import {
  choose,
  confirm,
  freshWalk,
  input,
  pastedStep6,
  step,
} from './script.js';

const ROUTE_QUESTION = 'The check failed. What now?';
const NO_PUSH = confirm('Push the values to Barracuda XDR now?');

/** runChecks answering with each report in turn, the last one after. */
function inTurn(...reports: ChecksReport[]) {
  let call = 0;
  return () => {
    const report = reports[Math.min(call, reports.length - 1)];
    call += 1;
    return Promise.resolve(report as ChecksReport);
  };
}

/** A first walk up to the final check, without its last answer. */
function walkToCheck(): ScriptedAnswer[] {
  return freshWalk().slice(0, -1);
}

function headersAfterCheck(lines: string[]): string[] {
  const start = lines.indexOf('Final check');
  return lines.slice(start).filter((line) => /^Step \d of 9:/.test(line));
}

describe('finishSetup: the table', () => {
  it('shows one row per check and the fix under a failure', async () => {
    const h = createHarness({
      answers: [...walkToCheck(), choose(ROUTE_QUESTION, 'quit')],
      services: { runChecks: inTurn(failingReport('permission_denied')) },
    });

    await runSetupWizard(h.ctx);

    const text = h.output.text();
    expect(text).toMatch(/pass\s+auth/);
    expect(text).toMatch(/fail\s+dlp\s+Monitoring \| DLP \| Read/);
    expect(text).toContain('Fix: Fix permission_denied.');
  });
});

describe('finishSetup: the route from a failed check', () => {
  it('sends permission_denied to step 7, then checks again', async () => {
    const h = createHarness({
      answers: [...walkToCheck(), choose(ROUTE_QUESTION), step(7), NO_PUSH],
      services: {
        runChecks: inTurn(failingReport('permission_denied'), passingReport()),
      },
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome.status).toBe('completed');
    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.default).toBe(7);
    expect(headersAfterCheck(h.output.lines)).toEqual([
      'Step 7 of 9: Grant the permissions XDR needs',
    ]);
    expect(h.services.checked).toHaveLength(2);
  });

  it('sends keys_expired to step 6, or to step 4 and then 6', async () => {
    const h = createHarness({
      answers: [
        ...walkToCheck(),
        choose(ROUTE_QUESTION, 4),
        step(4),
        ...pastedStep6(),
        NO_PUSH,
      ],
      services: {
        runChecks: inTurn(failingReport('keys_expired'), passingReport()),
      },
    });

    await runSetupWizard(h.ctx);

    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.choices).toEqual([6, 4, 'retry', 'quit']);
    expect(headersAfterCheck(h.output.lines)).toEqual([
      'Step 4 of 9: Create an authentication profile',
      'Step 6 of 9: Create API keys',
    ]);
  });

  it('sends invalid_signature to step 6, with 1 and 9 offered', async () => {
    const h = createHarness({
      answers: [
        ...walkToCheck(),
        choose(ROUTE_QUESTION),
        ...pastedStep6(),
        NO_PUSH,
      ],
      services: {
        runChecks: inTurn(failingReport('invalid_signature'), passingReport()),
      },
    });

    await runSetupWizard(h.ctx);

    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.choices).toEqual([6, 1, 9, 'retry', 'quit']);
    expect(route?.default).toBe(6);
  });

  it('sends invalid_app_id to step 1', async () => {
    const h = createHarness({
      answers: [
        ...walkToCheck(),
        choose(ROUTE_QUESTION, 1),
        step(1),
        input('Application ID'),
        { kind: 'password', message: 'Application Key', answer: '' },
        choose('When was the application created?'),
        NO_PUSH,
      ],
      services: {
        runChecks: inTurn(failingReport('invalid_app_id'), passingReport()),
      },
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome.status).toBe('completed');
    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    // Created "more than 30 minutes ago": waiting would not help.
    expect(route?.choices).toEqual([1, 'retry', 'quit']);
  });

  it('offers to wait while a new application may be going live', async () => {
    const answers = walkToCheck().map((a) =>
      a.kind === 'select' && String(a.message).startsWith('When')
        ? { ...a, answer: 'now' }
        : a,
    );
    const h = createHarness({
      answers: [...answers, choose(ROUTE_QUESTION), NO_PUSH],
      services: {
        runChecks: inTurn(
          failingReport('invalid_app_id'),
          failingReport('invalid_app_id'),
          passingReport(),
        ),
      },
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome.status).toBe('completed');
    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.choices).toEqual(['wait', 1, 'retry', 'quit']);
    expect(h.output.text()).toContain('The application is live.');
    expect(h.clock.sleeps.length).toBeGreaterThan(0);
  });

  it('tells to fix the clock on clock_skew and checks again', async () => {
    const h = createHarness({
      answers: [...walkToCheck(), choose(ROUTE_QUESTION), NO_PUSH],
      services: {
        runChecks: inTurn(failingReport('clock_skew'), passingReport()),
      },
    });

    await runSetupWizard(h.ctx);

    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.default).toBe('retry');
    expect(h.output.text()).toContain("This computer's clock is more than 5");
  });

  it('sends a refused value to the step that supplies it', async () => {
    const h = createHarness({
      answers: [
        ...walkToCheck(),
        choose(ROUTE_QUESTION),
        ...pastedStep6(),
        NO_PUSH,
      ],
      services: {
        runChecks: inTurn(
          failingReport('invalid_value', 'secretKey'),
          passingReport(),
        ),
      },
    });

    await runSetupWizard(h.ctx);

    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.default).toBe(6);
  });

  it('turns a thrown CliError into a failed row', async () => {
    const { CliError } = await import('../../src/errors.js');
    let calls = 0;
    const h = createHarness({
      answers: [...walkToCheck(), choose(ROUTE_QUESTION), NO_PUSH],
      services: {
        runChecks: () => {
          calls += 1;
          if (calls > 1) return Promise.resolve(passingReport());
          return Promise.reject(
            new CliError({
              code: 'unreachable',
              message: 'Mimecast did not answer.',
              hint: 'Check the network.',
            }),
          );
        },
      },
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toMatch(/fail\s+auth/);
    const route = h.prompter.asked.find((q) => q.message === ROUTE_QUESTION);
    expect(route?.choices).toEqual([9, 'retry', 'quit']);
    expect(route?.default).toBe('retry');
  });

  it('quits after a failure with the report and nothing pushed', async () => {
    const h = createHarness({
      known: { xdrEndpoint: VALUES.xdrEndpoint, xdrToken: VALUES.xdrToken },
      answers: [...walkToCheck(), choose(ROUTE_QUESTION, 'quit')],
      services: { runChecks: inTurn(failingReport('permission_denied')) },
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'paused', resumeAt: 'check' });
    expect(h.services.calls).not.toContain('pushToXdr');
    const profile = h.config.file.profiles.default;
    expect(profile?.keysVerified).toBe(false);
    expect(profile?.lastTest).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
  });
});

describe('failureCode', () => {
  it('takes the report error, else the first failed check', () => {
    const report = failingReport('keys_expired');
    expect(failureCode(report)).toBe('keys_expired');
    delete report.error;
    expect(failureCode(report)).toBe('keys_expired');
  });
});
