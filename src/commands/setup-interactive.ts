import type { CommandContext } from '../context.js';
import type { ApiVersion, XdrTarget } from '../credentials.js';
import { CliError, exitCodeFor, ExitCode } from '../errors.js';
import { createApiClient } from '../mimecast/api-client.js';
import { runChecks } from '../mimecast/checks.js';
import { discoverAuthentication } from '../mimecast/discovery.js';
import { createKeys } from '../mimecast/login.js';
import { onInterrupt } from '../terminal/interrupt.js';
import {
  createCancelledError,
  createInquirerPrompter,
} from '../terminal/prompts.js';
import { runSetupWizard } from '../wizard/walk.js';
import type {
  KnownValues,
  WizardContext,
  WizardCredentials,
  WizardOutcome,
  WizardServices,
} from '../wizard/types.js';
import { pushToXdr } from '../xdr/push.js';
import { discoveryUrlFor } from './discovery-url.js';
import { openSession, type Session } from './session.js';

/**
 * The guided `setup` on a terminal. Ctrl-C anywhere ends the walk with its
 * progress saved (the wizard saves before the cancel comes up to here).
 */
export async function runInteractiveSetup(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  const session = await openSession(ctx, options, [], { withProfile: false });
  const interrupted = new AbortController();
  const dispose = onInterrupt(() => interrupted.abort());
  try {
    const outcome = await runSetupWizard(
      buildWizardContext(ctx, session, options, interrupted.signal),
    );
    return reportOutcome(ctx, outcome, session.demo !== undefined);
  } catch (error) {
    if (error instanceof CliError && error.code === 'cancelled') {
      ctx.output.line('');
      ctx.output.line(
        'Setup paused; your progress is saved. ' +
          resumeHint(ctx, session.demo !== undefined),
      );
      return ExitCode.cancelled;
    }
    throw error;
  } finally {
    dispose();
    await session.close();
  }
}

function buildWizardContext(
  ctx: CommandContext,
  session: Session,
  options: Record<string, unknown>,
  signal: AbortSignal,
): WizardContext {
  const known: KnownValues = { ...session.gathered.values };
  if (typeof options.email === 'string') known.email = options.email;
  else if (ctx.io.env.MIMECAST_EMAIL) known.email = ctx.io.env.MIMECAST_EMAIL;
  if (ctx.io.env.MIMECAST_PASSWORD) known.password = ctx.io.env.MIMECAST_PASSWORD;
  if (session.demo) {
    known.email ??= session.demo.email;
    known.password ??= session.demo.password;
  }
  ctx.registerSecret(known.password);
  const reveal = options.reveal === true && ctx.io.stderr.isTTY === true;

  return {
    profile: ctx.globals.profile,
    prompter: createInquirerPrompter({
      input: ctx.io.stdin,
      output: ctx.io.stderr,
      signal,
    }),
    output: ctx.output,
    config: session.stores.config,
    secrets: session.stores.secrets,
    known,
    policy: session.policy,
    services: bindServices(ctx, session),
    now: () => new Date(),
    sleep: (ms, waitSignal) => sleepUnlessCancelled(ms, waitSignal, signal),
    registerSecret: (value) => ctx.registerSecret(value),
    reveal,
    // --reveal asks, on a terminal only, for the values in full, once:
    // this writer alone passes them by the redactor.
    showRevealed: reveal
      ? (line) => {
          ctx.io.stderr.write(`${line}\n`);
        }
      : undefined,
    demo: session.demo !== undefined,
    api: apiFromFlag(options.api),
  };
}

/** `--api 1` or `--api 2` as the wizard takes it; absent, it asks. */
function apiFromFlag(flag: unknown): ApiVersion | undefined {
  if (flag === '1') return '1.0';
  if (flag === '2') return '2.0';
  return undefined;
}

/** Binds the wizard's network work to the real clients. */
export function bindServices(
  ctx: CommandContext,
  session: Session,
): WizardServices {
  const timeoutMs = ctx.globals.timeoutMs;
  const log = ctx.output.debug;
  const discoveryUrl = discoveryUrlFor(ctx, session);

  return {
    runChecks: (credentials: WizardCredentials) =>
      runChecks(createApiClient(credentials, { timeoutMs, log })),
    discoverBaseUrl: (email, appId) =>
      discoverAuthentication({ discoveryUrl, appId, email, timeoutMs, log }),
    async createKeys(keyOptions) {
      const keys = await createKeys({ ...keyOptions, timeoutMs, log });
      ctx.registerSecret(keys.accessKey);
      ctx.registerSecret(keys.secretKey);
      return keys;
    },
    async pushToXdr(target: XdrTarget, credentials: WizardCredentials) {
      await pushToXdr({ target, credentials, timeoutMs, log });
    },
  };
}

function reportOutcome(
  ctx: CommandContext,
  outcome: WizardOutcome,
  demo: boolean,
): number {
  if (outcome.status === 'paused') {
    ctx.output.line(`Progress saved. ${resumeHint(ctx, demo)}`);
    const code = outcome.report?.error?.code;
    return code === undefined ? ExitCode.ok : exitCodeFor(code);
  }
  if (outcome.pushError) return exitCodeFor(outcome.pushError.code);
  return ExitCode.ok;
}

function resumeHint(ctx: CommandContext, demo: boolean): string {
  const flags = [
    ...(ctx.globals.profileChosen ? [`--profile ${ctx.globals.profile}`] : []),
    ...(demo ? ['--demo'] : []),
  ];
  const command = ['mimecast-xdr setup', ...flags].join(' ');
  return `Run \`${command}\` to carry on where you left off.`;
}

function sleepUnlessCancelled(
  ms: number,
  ...signals: Array<AbortSignal | undefined>
): Promise<void> {
  const signal = AbortSignal.any(
    signals.filter((s): s is AbortSignal => s !== undefined),
  );
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(createCancelledError());
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(createCancelledError());
    });
  });
}
