import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { runSetupWizard } from '../../src/wizard/walk.js';
import { createHarness, failingReport, VALUES } from './fakes.js';
import { choose, confirm, freshWalk, input, secret } from './script.js';

const ASK_PUSH = 'Push the values to Barracuda XDR now?';
const AFTER_FAILURE = 'The push failed; the values stay stored.';

/** A first walk up to the push question. */
function walkToPush() {
  return freshWalk().slice(0, -1);
}

function rejected(code: 'xdr_unauthorized' | 'xdr_unreachable'): CliError {
  return new CliError({
    code,
    message: `XDR said ${code}.`,
    hint: 'Check the XDR token.',
  });
}

describe('finish: the push to XDR', () => {
  it('asks for an endpoint and a masked token, then pushes', async () => {
    const h = createHarness({
      answers: [
        ...walkToPush(),
        confirm(ASK_PUSH, true),
        input('XDR integration endpoint', VALUES.xdrEndpoint),
        secret('XDR API token', VALUES.xdrToken),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ status: 'completed', pushed: true });
    const ask = h.prompter.asked.find((q) => q.message.startsWith(ASK_PUSH));
    expect(ask?.default).toBe(false);
    expect(h.services.pushed[0]).toEqual({
      target: { endpoint: VALUES.xdrEndpoint, token: VALUES.xdrToken },
      credentials: h.services.checked[0],
    });
    const profile = h.config.file.profiles.default;
    expect(profile?.xdrEndpoint).toBe(VALUES.xdrEndpoint);
    expect(h.config.file.profiles.default?.keysVerified).toBe(true);
    expect(h.secrets.entries.get('default')?.xdrToken).toBe(VALUES.xdrToken);
    expect(h.registered).toContain(VALUES.xdrToken);
    expect(h.output.text()).toContain('XDR accepted the five values.');
    expect(h.output.text()).not.toContain('In the Barracuda XDR dashboard');
  });

  it('never pushes values that failed the checks', async () => {
    const h = createHarness({
      known: { xdrEndpoint: VALUES.xdrEndpoint, xdrToken: VALUES.xdrToken },
      services: {
        runChecks: () => Promise.resolve(failingReport('invalid_signature')),
      },
      answers: [...walkToPush(), choose('The check failed.', 'quit')],
    });

    await runSetupWizard(h.ctx);

    expect(h.services.pushed).toEqual([]);
  });

  it('tries again after a failed push', async () => {
    let calls = 0;
    const h = createHarness({
      known: { xdrEndpoint: VALUES.xdrEndpoint, xdrToken: VALUES.xdrToken },
      services: {
        pushToXdr: () => {
          calls += 1;
          return calls === 1
            ? Promise.reject(rejected('xdr_unreachable'))
            : Promise.resolve();
        },
      },
      answers: [
        ...walkToPush(),
        confirm('Push the five values to XDR at'),
        choose(AFTER_FAILURE),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ pushed: true });
    expect(h.output.text()).toContain('XDR said xdr_unreachable.');
  });

  it('takes a new token after a refused one', async () => {
    const other = 'xdr-token-the-right-one-777';
    const h = createHarness({
      known: { xdrEndpoint: VALUES.xdrEndpoint, xdrToken: VALUES.xdrToken },
      services: {
        pushToXdr: (target) =>
          target.token === other
            ? Promise.resolve()
            : Promise.reject(rejected('xdr_unauthorized')),
      },
      answers: [
        ...walkToPush(),
        confirm('Push the five values to XDR at'),
        choose(AFTER_FAILURE, 'change'),
        input('XDR integration endpoint'),
        secret('XDR API token (leave empty to keep', other),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({ pushed: true });
    expect(h.secrets.entries.get('default')?.xdrToken).toBe(other);
  });

  it('ends with the dashboard list when the push is given up', async () => {
    const h = createHarness({
      known: { xdrEndpoint: VALUES.xdrEndpoint, xdrToken: VALUES.xdrToken },
      services: {
        pushToXdr: () => Promise.reject(rejected('xdr_unauthorized')),
      },
      answers: [
        ...walkToPush(),
        confirm('Push the five values to XDR at'),
        choose(AFTER_FAILURE, 'list'),
      ],
    });

    const outcome = await runSetupWizard(h.ctx);

    expect(outcome).toMatchObject({
      status: 'completed',
      pushed: false,
      pushError: { code: 'xdr_unauthorized' },
    });
    expect(h.output.text()).toContain('In the Barracuda XDR dashboard');
    expect(h.config.file.profiles.default?.keysVerified).toBe(true);
  });
});

describe('finish: the dashboard list', () => {
  it('lists the five values in order, secrets masked', async () => {
    const h = createHarness({ answers: freshWalk() });

    await runSetupWizard(h.ctx);

    const rows = h.output.lines.filter((l) => /^ {2}\d\. /.test(l));
    expect(rows).toEqual([
      `  1. Application ID   ${VALUES.appId}`,
      `  2. Application Key  ••••${VALUES.appKey.slice(-4)}`,
      `  3. Access Key       ••••${VALUES.accessKey.slice(-4)}`,
      `  4. Secret Key       ••••${VALUES.secretKey.slice(-4)}`,
      `  5. Base URL         ${VALUES.baseUrl}`,
    ]);
    const text = h.output.text();
    for (const name of ['appKey', 'accessKey', 'secretKey'] as const) {
      expect(text).not.toContain(VALUES[name]);
    }
  });

  it('shows the values in full once with --reveal, unredacted', async () => {
    const revealed: string[] = [];
    const h = createHarness({
      answers: freshWalk(),
      reveal: true,
      showRevealed: (line) => revealed.push(line),
    });

    await runSetupWizard(h.ctx);

    expect(revealed).toHaveLength(5);
    expect(revealed[3]).toBe(`  4. Secret Key       ${VALUES.secretKey}`);
    expect(h.output.text()).not.toContain(VALUES.secretKey);
    expect(h.output.text()).toContain('shown in full this once only');
  });

  it('stays masked with --reveal when there is no way to show it', async () => {
    const h = createHarness({ answers: freshWalk(), reveal: true });

    await runSetupWizard(h.ctx);

    const masked = `••••${VALUES.secretKey.slice(-4)}`;
    expect(h.output.text()).toContain(masked);
    expect(h.output.text()).not.toContain(VALUES.secretKey);
  });
});
