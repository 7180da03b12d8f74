import { expect, it } from 'vitest';
import { DEMO_TENANT } from './harness.js';
import {
  WHICH_API,
  describeInTerminal,
  expectNoSecretShown,
  typed,
  waitForExit,
} from './tmux.js';

/** From the global host, the last choice: type another base URL. */
const TYPE_ONE = ['Down', 'Down', 'Down', 'Enter'];

describeInTerminal(
  'setup in a real terminal: API 2.0',
  ({ sandbox, startSetup }) => {
    it(
      'walks the three API 2.0 steps and pushes the 2.0 values',
      { timeout: 90_000 },
      async () => {
        const box = sandbox();
        const term = await startSetup(box, box.xdrEnv);

        await term.answer(WHICH_API, 'Enter');
        await term.answer('Step 1 of 3: what next?', 'Enter');
        await term.answer('Client ID', ...typed(DEMO_TENANT.clientId));
        await term.answer('Client Secret', ...typed(DEMO_TENANT.clientSecret));
        await term.answer('Step 2 of 3: what next?', 'Enter');
        await term.answer('Step 3 of 3: what next?', 'Enter');
        await term.answer('Which API 2.0 host should XDR use?', ...TYPE_ONE);
        await term.answer('Base URL', ...typed(box.sim.url));
        await term.answer('Push the three values to XDR', 'Enter');
        const shown = await waitForExit(term);

        expect(shown, shown).toMatch(/^EXIT=0$/m);
        expect(shown).toContain('XDR accepted the three values.');
        expect(box.sim.xdr.pushes.map((push) => push.body)).toEqual([
          {
            integration: 'mimecast',
            apiVersion: '2.0',
            clientId: DEMO_TENANT.clientId,
            clientSecret: DEMO_TENANT.clientSecret,
            baseUrl: box.sim.url,
          },
        ]);
        for (let step = 1; step <= 3; step += 1) {
          expect(shown).toMatch(new RegExp(`^Step ${step} of 3: \\S`, 'm'));
        }
        expect(shown).toMatch(/^✔ Client Secret \*{8}$/m);
        expect(expectNoSecretShown(box, shown)).toContain('********');
        const status = await box.run(['status', '--json'], { verbose: false });
        expect(status.stdout).toContain('"2.0"');
      },
    );
  },
);
