import type { CommandContext } from '../context.js';
import type { MimecastCredentials, XdrTarget } from '../credentials.js';
import { CliError, exitCodeFor, ExitCode } from '../errors.js';
import type { ChecksReport } from '../mimecast/checks.js';
import { parseCredentials } from '../values.js';
import {
  checkCredentials,
  emptyTestFields,
  printReport,
  toTestJson,
} from './check-credentials.js';
import { requireValues } from './gather-values.js';
import { openSession, type Session } from './session.js';
import { CHECKED_VALUES } from './test.js';
import {
  parseXdrTarget,
  printDashboardValues,
  pushValues,
} from './xdr-push.js';

/**
 * `mimecast-xdr setup`. On a terminal it walks the admin through the
 * console steps; with `--non-interactive` (or no terminal) it takes every
 * value from flags, environment and stdin, runs the checks, stores the
 * values only when they pass, then pushes them when XDR is configured.
 */
export async function runSetup(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  if (!ctx.globals.nonInteractive) {
    const { runInteractiveSetup } = await import('./setup-interactive.js');
    return runInteractiveSetup(ctx, options);
  }

  ctx.failureFields = { ...emptyTestFields(), stored: false, pushed: false };
  const session = await openSession(ctx, options, CHECKED_VALUES);
  try {
    return await setUpFromValues(ctx, session);
  } finally {
    await session.close();
  }
}

async function setUpFromValues(
  ctx: CommandContext,
  session: Session,
): Promise<number> {
  const { values } = session.gathered;
  requireValues(values, CHECKED_VALUES);
  const credentials = parseCredentials(values, session.policy);
  const target =
    values.xdrEndpoint === undefined
      ? undefined
      : parseXdrTarget(values, session.policy);

  const report = await checkCredentials(ctx, credentials);
  printReport(ctx, report);
  const json = toTestJson(ctx.globals.profile, credentials.baseUrl, report);
  if (report.error) {
    ctx.output.line('Nothing was stored: the values stay as they were.');
    if (ctx.globals.json) {
      ctx.output.result({ ...json, stored: false, pushed: false });
    }
    return exitCodeFor(report.error.code);
  }

  await storeVerifiedProfile(ctx, session, credentials, target, report);
  ctx.failureFields = { ...json, ok: false, stored: true, pushed: false };
  if (target) {
    await pushValues(ctx, target, credentials);
  } else {
    printDashboardValues(ctx, credentials);
  }
  if (ctx.globals.json) {
    ctx.output.result({ ...json, stored: true, pushed: target !== undefined });
  }
  return ExitCode.ok;
}

/**
 * Writes a profile whose values passed the checks: secrets first, so the
 * config never claims keys the keychain does not hold.
 */
export async function storeVerifiedProfile(
  ctx: CommandContext,
  session: Session,
  credentials: MimecastCredentials,
  target: XdrTarget | undefined,
  report: ChecksReport,
): Promise<void> {
  const profile = ctx.globals.profile;
  const secrets = {
    appKey: credentials.appKey,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    ...(target ? { xdrToken: target.token } : {}),
  };
  await session.stores.secrets.set(profile, secrets);

  const now = new Date().toISOString();
  await session.stores.config.updateProfile(profile, {
    apiVersion: '1.0',
    appId: credentials.appId,
    baseUrl: credentials.baseUrl,
    ...(target ? { xdrEndpoint: target.endpoint } : {}),
    keysStoredAt: now,
    keysVerified: true,
    lastTest: { ok: report.ok, at: now },
  });
  ctx.output.line(
    `Stored profile "${profile}" (secrets in the ${describeStore(session)}).`,
  );
}

function describeStore(session: Session): string {
  return session.stores.secrets.kind === 'keychain'
    ? 'OS keychain'
    : `file ${session.stores.configDir}/credentials.json`;
}

/** Raised when a command needs a terminal it does not have. */
export function needsTerminal(what: string): CliError {
  return new CliError({
    code: 'missing_value',
    message: `${what} needs a terminal to ask its questions.`,
    hint:
      'Run it in a terminal, or pass --non-interactive with every value in ' +
      'flags, environment variables or --credentials-stdin.',
  });
}
