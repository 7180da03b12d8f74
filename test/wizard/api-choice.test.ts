import { describe, expect, it } from 'vitest';
import { runSetupWizard } from '../../src/wizard/walk.js';
import { createHarness, VALUES, VALUES2 } from './fakes.js';
import { step, step2, whichApi } from './script.js';

const QUESTION = 'Which Mimecast API does this tenant use?';

function asked(h: ReturnType<typeof createHarness>) {
  return h.prompter.asked.find((q) => q.message === QUESTION);
}

describe('runSetupWizard: which API', () => {
  it('asks first, suggesting 2.0 for a new profile', async () => {
    const h = createHarness({
      api: undefined,
      answers: [whichApi(), step2(1, 'quit')],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toEqual({ status: 'paused', resumeAt: 1 });
    expect(h.prompter.asked[0]?.message).toBe(QUESTION);
    expect(asked(h)?.default).toBe('2.0');
    expect(asked(h)?.choices).toEqual(['2.0', '1.0']);
    const text = h.output.text().replace(/\s+/g, ' ');
    expect(text).toContain(
      'Mimecast stopped offering new API 1.0 applications at the end of ' +
        'June 2025 and will expire the existing ones later',
    );
    expect(h.output.text()).toContain('Step 1 of 3: Create an API 2.0');
  });

  it('suggests 1.0 for a profile stored as 1.0', async () => {
    const h = createHarness({
      api: undefined,
      settings: { apiVersion: '1.0', appId: VALUES.appId },
      answers: [whichApi(), step(1, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(asked(h)?.default).toBe('1.0');
    expect(h.output.text()).toContain('This profile holds API 1.0 values.');
    expect(h.output.text()).toContain('Step 1 of 9:');
  });

  it('suggests 1.0 when API 1.0 values were given this run', async () => {
    const h = createHarness({
      api: undefined,
      known: { appId: VALUES.appId, appKey: VALUES.appKey },
      answers: [whichApi(), step(1, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(asked(h)?.default).toBe('1.0');
  });

  it('suggests 2.0 for a profile stored as 2.0', async () => {
    const h = createHarness({
      api: undefined,
      settings: { apiVersion: '2.0', clientId: VALUES2.clientId },
      answers: [whichApi(), step2(1, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(asked(h)?.default).toBe('2.0');
  });

  it('suggests 2.0 when values of both APIs are known (the demo)', async () => {
    const h = createHarness({
      api: undefined,
      known: { ...VALUES, ...VALUES2 },
      answers: [whichApi(), step2(1, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(asked(h)?.default).toBe('2.0');
  });

  it('does not ask when --api chose', async () => {
    const h = createHarness({
      api: '2.0',
      settings: { apiVersion: '1.0', appId: VALUES.appId },
      answers: [step2(1, 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(asked(h)).toBeUndefined();
    expect(h.output.text()).toContain('Using API 2.0, as --api asks.');
  });
});
