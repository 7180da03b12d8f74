import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TENANT, useSandbox } from './harness.js';
import {
  HAS_TMUX,
  TMUX_MISSING,
  WHICH_API,
  expectNoSecretShown,
  startSetupPane,
  typed,
  waitForExit,
  type Pane,
} from './tmux.js';
const title = HAS_TMUX
  ? 'setup in a real terminal'
  : `setup in a real terminal (${TMUX_MISSING})`;

describe.skipIf(!HAS_TMUX)(title, () => {
  const sandbox = useSandbox();
  let pane: Pane | undefined;

  afterEach(async () => {
    await pane?.kill();
    pane = undefined;
  });

  it(
    'walks all nine steps as typed and pushes the five values',
    { timeout: 90_000 },
    async () => {
      const box = sandbox();
      const term = await startSetupPane(box, box.xdrEnv);
      pane = term;

      await term.answer(WHICH_API, 'Down', 'Enter');
      await term.answer('Step 1 of 9: what next?', 'Enter');
      await term.answer('Application ID', ...typed(DEMO_TENANT.appId));
      await term.answer('Application Key', ...typed(DEMO_TENANT.appKey));
      await term.answer('When was the application created?', 'Down', 'Enter');
      await term.answer('Step 2 of 9: what next?', 'Enter');
      await term.answer(
        "Service account's email address",
        ...typed(DEMO_TENANT.serviceAccount.email),
      );
      for (const step of [3, 4, 5]) {
        await term.answer(`Step ${step} of 9: what next?`, 'Enter');
      }
      await term.answer('Step 6 of 9: what next?', 'Enter');
      await term.answer('How do you want to provide the keys?', 'Up', 'Enter');
      await term.answer('Access Key', ...typed(DEMO_TENANT.accessKey));
      await term.answer('Secret Key', ...typed(DEMO_TENANT.secretKey));
      for (const step of [7, 8, 9]) {
        await term.answer(`Step ${step} of 9: what next?`, 'Enter');
      }
      await term.answer(`Use ${box.sim.url} as the base URL?`, 'Enter');
      await term.answer('Push the five values to XDR', 'Enter');
      const shown = await waitForExit(term);

      expect(shown, shown).toMatch(/^EXIT=0$/m);
      expect(shown).toContain('XDR accepted the five values.');
      expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
        expect.objectContaining({
          applicationId: DEMO_TENANT.appId,
          applicationKey: DEMO_TENANT.appKey,
          accessKey: DEMO_TENANT.accessKey,
          secretKey: DEMO_TENANT.secretKey,
          baseUrl: box.sim.url,
        }),
      ]);
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
