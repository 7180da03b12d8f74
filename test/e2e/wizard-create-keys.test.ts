import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CREDENTIALS_FILE, DEMO_TENANT } from './harness.js';
import {
  answerStepsOneAndTwo,
  answerStepsSevenToNine,
  describeInTerminal,
  expectNoSecretShown,
  typed,
  waitForExit,
} from './tmux.js';

const EMAIL = DEMO_TENANT.serviceAccount.email;

describeInTerminal(
  'setup in a real terminal: keys by login, base URL by discovery',
  ({ sandbox, startSetup }) => {
    it(
      'creates the keys by signing in and finds the base URL from the address',
      { timeout: 90_000 },
      async () => {
        const box = sandbox();
        const term = await startSetup(box);

        await answerStepsOneAndTwo(term);
        for (const step of [3, 4, 5, 6]) {
          await term.answer(`Step ${step} of 9: what next?`, 'Enter');
        }
        await term.answer('How do you want to provide the keys?', 'Enter');
        await term.answer("Service account's email address", 'Enter');
        await term.answer(
          "Service account's password",
          ...typed(DEMO_TENANT.serviceAccount.password),
        );
        await term.answer("Keep the service account's password", 'Enter');
        await answerStepsSevenToNine(term, box.sim.url);
        await term.answer('Push the values to Barracuda XDR now?', 'Enter');
        const shown = await waitForExit(term);

        expect(shown, shown).toMatch(/^EXIT=0$/m);
        expect(shown).toContain('New keys created.');
        expect(shown).toContain(
          `Mimecast says the account lives at ${box.sim.url} (region us).`,
        );
        expect(shown).toMatch(/^Every check passed\./m);
        expect(shown).toMatch(/^✔ Service account's password \*{8,}$/m);

        const created = box.sim.tenant.findUser(EMAIL)?.keys.slice(1) ?? [];
        expect(created).toHaveLength(1);
        const stored = JSON.parse(
          await readFile(join(box.configDir, CREDENTIALS_FILE), 'utf8'),
        ) as unknown;
        expect(JSON.stringify(stored)).toContain(created[0]?.secretKey);
        expect(JSON.stringify(stored)).not.toContain(
          DEMO_TENANT.serviceAccount.password,
        );
        expect(shown).toContain(`••••${created[0]?.secretKey.slice(-4)}`);
        expectNoSecretShown(box, shown);
      },
    );
  },
);
