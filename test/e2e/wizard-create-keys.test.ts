import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, DEMO_TENANT, useSandbox } from './harness.js';
import {
  HAS_TMUX,
  TMUX_MISSING,
  expectNoSecretShown,
  startSetupPane,
  WHICH_API,
  typed,
  waitForExit,
  type Pane,
} from './tmux.js';

const title = HAS_TMUX
  ? 'setup in a real terminal: keys by login, base URL by discovery'
  : `setup in a real terminal: keys by login (${TMUX_MISSING})`;

const EMAIL = DEMO_TENANT.serviceAccount.email;

describe.skipIf(!HAS_TMUX)(title, () => {
  const sandbox = useSandbox();
  let pane: Pane | undefined;

  afterEach(async () => {
    await pane?.kill();
    pane = undefined;
  });

  it(
    'creates the keys by signing in and finds the base URL from the address',
    { timeout: 90_000 },
    async () => {
      const box = sandbox();
      const term = await startSetupPane(box);
      pane = term;

      await term.answer(WHICH_API, 'Down', 'Enter');
      await term.answer('Step 1 of 9: what next?', 'Enter');
      await term.answer('Application ID', ...typed(DEMO_TENANT.appId));
      await term.answer('Application Key', ...typed(DEMO_TENANT.appKey));
      await term.answer('When was the application created?', 'Down', 'Enter');
      await term.answer('Step 2 of 9: what next?', 'Enter');
      await term.answer("Service account's email address", ...typed(EMAIL));
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
      for (const step of [7, 8, 9]) {
        await term.answer(`Step ${step} of 9: what next?`, 'Enter');
      }
      await term.answer(`Use ${box.sim.url} as the base URL?`, 'Enter');
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
});
