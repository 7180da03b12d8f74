import { expect, it } from 'vitest';
import { BIN, DEMO_TENANT, expectSuccess } from './harness.js';
import {
  describeInTerminal,
  expectNoSecretShown,
  shellQuote,
  typed,
  waitForExit,
} from './tmux.js';

const EMAIL = DEMO_TENANT.serviceAccount.email;

describeInTerminal(
  'keys create in a real terminal',
  ({ sandbox, openShell }) => {
    it('asks for the password, masked, and checks the new keys', async () => {
      const box = sandbox();
      const setup = await box.run(
        ['--json', '--insecure-storage', 'setup', '--email', EMAIL],
        { env: { ...box.valuesEnv } },
      );
      expectSuccess(setup);

      const term = await openShell(box);
      await term.run(
        `node ${shellQuote(BIN)} --insecure-storage keys create; echo EXIT=$?`,
      );
      await term.answer(
        `Password of ${EMAIL}`,
        ...typed(DEMO_TENANT.serviceAccount.password),
      );
      const shown = await waitForExit(term);

      expect(shown, shown).toMatch(/^EXIT=0$/m);
      expect(shown).toContain('All checks passed.');
      const answered = new RegExp(`^✔ Password of ${EMAIL} \\*{8,}$`, 'm');
      expect(shown).toMatch(answered);
      expect(box.sim.tenant.findUser(EMAIL)?.keys).toHaveLength(2);
      expectNoSecretShown(box, shown);
    });
  },
);
