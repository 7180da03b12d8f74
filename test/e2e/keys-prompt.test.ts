import { afterEach, describe, expect, it } from 'vitest';
import {
  BIN,
  DEMO_TENANT,
  ROOT,
  expectSuccess,
  useSandbox,
} from './harness.js';
import {
  HAS_TMUX,
  TMUX_MISSING,
  expectNoSecretShown,
  openPane,
  paneEnv,
  shellQuote,
  typed,
  waitForExit,
  type Pane,
} from './tmux.js';

const title = HAS_TMUX
  ? 'keys create in a real terminal'
  : `keys create in a real terminal (${TMUX_MISSING})`;

const EMAIL = DEMO_TENANT.serviceAccount.email;

describe.skipIf(!HAS_TMUX)(title, () => {
  const sandbox = useSandbox();
  let pane: Pane | undefined;

  afterEach(async () => {
    await pane?.kill();
    pane = undefined;
  });

  it('asks for the password, masked, and checks the new keys', async () => {
    const box = sandbox();
    const setup = await box.run(
      ['--json', '--insecure-storage', 'setup', '--email', EMAIL],
      { env: { ...box.valuesEnv } },
    );
    expectSuccess(setup);

    const term = await openPane({ env: paneEnv(box.env), cwd: ROOT });
    pane = term;
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
});
