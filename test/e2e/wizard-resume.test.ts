import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TENANT, useSandbox } from './harness.js';
import {
  HAS_TMUX,
  TMUX_MISSING,
  activePrompt,
  expectNoSecretShown,
  runSetupIn,
  startSetupPane,
  WHICH_API,
  typed,
  waitForExit,
  type Pane,
} from './tmux.js';

const title = HAS_TMUX
  ? 'setup in a real terminal: Ctrl-C and resume'
  : `setup in a real terminal: Ctrl-C and resume (${TMUX_MISSING})`;

/** The step menu's choices after step 1: done, skip, back, quit. */
const BACK = ['Down', 'Down', 'Enter'];

describe.skipIf(!HAS_TMUX)(title, () => {
  const sandbox = useSandbox();
  let pane: Pane | undefined;

  afterEach(async () => {
    await pane?.kill();
    pane = undefined;
  });

  it(
    'saves at Ctrl-C, exits 130, and resumes at step 5 with the values kept',
    { timeout: 120_000 },
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
      expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
        expect.objectContaining({
          applicationId: DEMO_TENANT.appId,
          applicationKey: DEMO_TENANT.appKey,
          accessKey: DEMO_TENANT.accessKey,
          secretKey: DEMO_TENANT.secretKey,
          baseUrl: box.sim.url,
        }),
      ]);
      expectNoSecretShown(box, stopped + shown);
    },
  );
});
