import { expect, it } from 'vitest';
import { DEMO_TENANT } from './harness.js';
import {
  WHICH_API,
  activePrompt,
  answerStepsOneAndTwo,
  answerStepsSevenToNine,
  describeInTerminal,
  expectDemoValuesPushed,
  expectNoSecretShown,
  runSetupIn,
  typeKeysAtStepSix,
  waitForExit,
} from './tmux.js';

/** The step menu's choices after step 1: done, skip, back, quit. */
const BACK = ['Down', 'Down', 'Enter'];

describeInTerminal(
  'setup in a real terminal: Ctrl-C and resume',
  ({ sandbox, startSetup }) => {
    it(
      'saves at Ctrl-C, exits 130, and resumes at step 5 with the values kept',
      { timeout: 120_000 },
      async () => {
        const box = sandbox();
        const term = await startSetup(box, box.xdrEnv);

        await answerStepsOneAndTwo(term);
        await term.answer('Step 3 of 9: what next?', 'Enter');
        await term.answer('Step 4 of 9: what next?', 'Enter');
        const atStep5 = activePrompt('Step 5 of 9: what next?');
        await term.waitFor(atStep5);
        await term.press('C-c');
        const stopped = await waitForExit(term);

        expect(stopped, stopped).toMatch(/^EXIT=130$/m);
        // The cancelled prompt is erased, its list and key tips with it.
        expect(stopped).not.toMatch(atStep5);
        expect(stopped).not.toContain('Quit (progress is saved)');
        expect(stopped).toContain('your progress is saved');
        expect(stopped).toContain('Run `mimecast-xdr setup` to carry on');

        await term.clear();
        await runSetupIn(term);
        // The profile is stored as API 1.0 now, so 1.0 leads.
        await term.answer(WHICH_API, 'Enter');
        await term.answer('Carry on from the saved progress?', 'Enter');
        const resumed = await term.waitFor(/^✔ Carry on .*$/m);
        expect(resumed).toMatch(
          /^✔ Carry on from the saved progress\? Resume at step 5: /m,
        );
        expect(resumed).toContain('Steps done: 1, 2, 3, 4.');

        // Walk back to step 1 to see what was kept, offered as defaults.
        for (const step of [5, 4, 3, 2]) {
          await term.answer(`Step ${step} of 9: what next?`, ...BACK);
        }
        await term.answer('Step 1 of 9: what next?', 'Enter');
        const atStep1 = await term.waitFor(/^\? Application ID/m);
        expect(atStep1).toContain(`? Application ID (${DEMO_TENANT.appId})`);
        await term.answer('Application ID', 'Enter');
        const keyPrompt = await term.waitFor(/^\? Application Key/m);
        const masked = `••••${DEMO_TENANT.appKey.slice(-4)}`;
        expect(keyPrompt).toContain(
          `? Application Key (leave empty to keep ${masked})`,
        );
        await term.answer('Application Key', 'Enter');
        await term.answer('When was the application created?', 'Enter');

        await term.answer('Step 5 of 9: what next?', 'Enter');
        await typeKeysAtStepSix(term);
        await answerStepsSevenToNine(term, box.sim.url);
        await term.answer('Push the five values to XDR', 'Enter');
        const shown = await waitForExit(term);

        expect(shown, shown).toMatch(/^EXIT=0$/m);
        expectDemoValuesPushed(box);
        expectNoSecretShown(box, stopped + shown);
      },
    );
  },
);
