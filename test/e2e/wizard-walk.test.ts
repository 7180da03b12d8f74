import { expect, it } from 'vitest';
import {
  answerStepsOneAndTwo,
  answerStepsSevenToNine,
  describeInTerminal,
  expectDemoValuesPushed,
  expectNoSecretShown,
  typeKeysAtStepSix,
  waitForExit,
} from './tmux.js';

describeInTerminal('setup in a real terminal', ({ sandbox, startSetup }) => {
  it(
    'walks all nine steps as typed and pushes the five values',
    { timeout: 90_000 },
    async () => {
      const box = sandbox();
      const term = await startSetup(box, box.xdrEnv);

      await answerStepsOneAndTwo(term);
      for (const step of [3, 4, 5]) {
        await term.answer(`Step ${step} of 9: what next?`, 'Enter');
      }
      await typeKeysAtStepSix(term);
      await answerStepsSevenToNine(term, box.sim.url);
      await term.answer('Push the five values to XDR', 'Enter');
      const shown = await waitForExit(term);

      expect(shown, shown).toMatch(/^EXIT=0$/m);
      expect(shown).toContain('XDR accepted the five values.');
      expectDemoValuesPushed(box);
      expectStepHeaders(shown);
      const masked = expectNoSecretShown(box, shown);
      expect(masked.filter((answer) => answer !== '')).toHaveLength(3);
    },
  );
});

function expectStepHeaders(shown: string): void {
  for (let step = 1; step <= 9; step += 1) {
    expect(shown).toMatch(new RegExp(`^Step ${step} of 9: \\S`, 'm'));
  }
}
