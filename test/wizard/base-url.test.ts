import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import type { ScriptedAnswer } from '../../src/terminal/prompts.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import { createHarness, VALUES } from './fakes.js';
import {
  choose,
  confirm,
  input,
  pastedStep6,
  step,
  stepsDone,
  typedStep1,
} from './script.js';

const REGION_QUESTION = 'Which region hosts the tenant?';
const NO_PUSH = confirm('Push the values to Barracuda XDR now?');

function upToStep9(): ScriptedAnswer[] {
  return [
    ...typedStep1(),
    step(2),
    input("Service account's email address", VALUES.email),
    ...stepsDone(3, 5),
    ...pastedStep6(),
    ...stepsDone(7, 8),
    step(9),
  ];
}

describe('step 9: the base URL', () => {
  it('asks Mimecast from the account address and confirms', async () => {
    const h = createHarness({
      answers: [...upToStep9(), confirm('as the base URL?'), NO_PUSH],
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toContain(
      'Mimecast says the account lives at https://eu-api.mimecast.com (region eu).',
    );
    const use = h.prompter.asked.find((q) => q.message.startsWith('Use '));
    expect(use?.default).toBe(true);
    expect(h.services.checked[0]?.baseUrl).toBe(VALUES.baseUrl);
  });

  it('offers the regional hosts when the admin declines', async () => {
    const h = createHarness({
      answers: [
        ...upToStep9(),
        confirm('as the base URL?', false),
        choose(REGION_QUESTION, 'https://de-api.mimecast.com'),
        NO_PUSH,
      ],
    });

    await runSetupWizard(h.ctx);

    const pick = h.prompter.asked.find((q) => q.message === REGION_QUESTION);
    expect(pick?.choices).toContain('https://us-api.mimecast.com');
    expect(pick?.choices?.at(-1)).toBe('other');
    expect(h.services.checked[0]?.baseUrl).toBe('https://de-api.mimecast.com');
  });

  it('falls back to typing one, checked by the host rules', async () => {
    const h = createHarness({
      services: {
        discoverBaseUrl: () =>
          Promise.reject(
            new CliError({
              code: 'unreachable',
              message: 'Mimecast did not answer.',
              hint: 'Check the network.',
            }),
          ),
      },
      answers: [
        ...upToStep9(),
        choose(REGION_QUESTION, 'other'),
        input('Base URL', 'https://mimecast.example.com'),
        input('Base URL', 'au-api.mimecast.com/api'),
        NO_PUSH,
      ],
    });

    await runSetupWizard(h.ctx);

    expect(h.output.text()).toContain('[warn] Mimecast did not answer.');
    const typed = h.prompter.asked.find((q) => q.message === 'Base URL');
    expect(typed?.refusals[0]).toContain("not one of Mimecast's API hosts");
    expect(h.services.checked[0]?.baseUrl).toBe('https://au-api.mimecast.com');
  });

  it('picks without asking Mimecast when the address is unknown', async () => {
    const h = createHarness({
      known: { baseUrl: 'https://us-api.mimecast.com' },
      answers: [
        ...typedStep1(),
        step(2, 'skip'),
        ...stepsDone(3, 5),
        ...pastedStep6(),
        ...stepsDone(7, 8),
        step(9),
        choose(REGION_QUESTION),
        NO_PUSH,
      ],
    });

    await runSetupWizard(h.ctx);

    expect(h.services.calls).not.toContain('discoverBaseUrl');
    const pick = h.prompter.asked.find((q) => q.message === REGION_QUESTION);
    expect(pick?.default).toBe('https://us-api.mimecast.com');
  });
});
