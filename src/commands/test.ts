import type { CommandContext } from '../context.js';
import { exitCodeFor, ExitCode } from '../errors.js';
import type { ChecksReport } from '../mimecast/checks.js';
import type { ConfigStore } from '../storage/types.js';
import {
  api1RetirementNotice,
  CHECK_VALUES,
  resolveSessionCredentials,
  valuesOf,
  type AnyCredentials,
  type ApiChoice,
} from './api-choice.js';
import {
  checkCredentials,
  emptyTestFields,
  printReport,
  toTestJson,
  type TestResultJson,
} from './check-credentials.js';
import { openSession, type Session } from './session.js';

/**
 * `mimecast-xdr test`: proves a set of credentials works and holds every
 * permission XDR needs, and records the outcome on a stored profile.
 * With `--all` it checks every stored profile instead.
 */
export async function runTest(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  if (options.all === true) {
    const { runTestAll } = await import('./test-all.js');
    return runTestAll(ctx, options);
  }

  ctx.failureFields = emptyTestFields();
  const session = await openSession(ctx, options, CHECK_VALUES);
  try {
    const { credentials, choice } = resolveSessionCredentials(
      ctx,
      session,
      options.api,
    );
    announce(ctx, credentials, choice, session);

    const { result, report } = await testProfile(ctx, {
      credentials,
      record: recordFor(session, choice),
    });
    printReport(ctx, report);
    if (ctx.globals.json) ctx.output.result(result);
    return report.error ? exitCodeFor(report.error.code) : ExitCode.ok;
  } finally {
    await session.close();
  }
}

function announce(
  ctx: CommandContext,
  credentials: AnyCredentials,
  choice: ApiChoice,
  session: Session,
): void {
  ctx.output.line(
    `Checking profile "${ctx.globals.profile}" at ${credentials.baseUrl} ` +
      `(Mimecast API ${choice.version}, ${choice.reason})`,
  );
  if (choice.version === '1.0' && session.demo === undefined) {
    const flag = ctx.globals.profileChosen
      ? ` --profile ${ctx.globals.profile}`
      : '';
    ctx.output.warn(api1RetirementNotice(flag));
  }
}

/** Where testProfile keeps the outcome of a profile's checks. */
export interface ResultRecord {
  config: ConfigStore;
  /** True when every value checked came from the stored profile. */
  stored: boolean;
}

/** Inputs of testProfile. */
export interface TestProfileOptions {
  credentials: AnyCredentials;
  /** Absent when nothing is recorded, as for `--demo`. */
  record: ResultRecord | undefined;
}

/** One profile's checks: the report and the `test --json` object. */
export interface ProfileTest {
  report: ChecksReport;
  result: TestResultJson;
}

/**
 * Runs the checks on `ctx.globals.profile`'s credentials and records the
 * outcome on the stored profile. Prints nothing but the checks' spinner.
 */
export async function testProfile(
  ctx: CommandContext,
  options: TestProfileOptions,
): Promise<ProfileTest> {
  const { profile } = ctx.globals;
  const report = await checkCredentials(ctx, options.credentials);
  if (options.record) await recordResult(options.record, profile, report);

  const result = toTestJson(profile, options.credentials, report);
  return { report, result };
}

// The demo tenant's outcome says nothing about a stored profile.
function recordFor(
  session: Session,
  choice: ApiChoice,
): ResultRecord | undefined {
  if (session.demo !== undefined) return undefined;

  const { sources } = session.gathered;
  const stored = valuesOf(choice.version).every(
    (name) => sources[name] === 'profile',
  );
  return { config: session.stores.config, stored };
}

/**
 * Keeps the outcome on the profile for `status`, when the profile exists.
 * Checks that pass on the stored values themselves also verify the keys.
 */
async function recordResult(
  record: ResultRecord,
  profile: string,
  report: ChecksReport,
): Promise<void> {
  if (!(await record.config.getProfile(profile))) return;

  const at = new Date().toISOString();
  const lastTest = report.error
    ? { ok: false, at, code: report.error.code }
    : { ok: report.ok, at };
  const verified = report.ok && record.stored ? { keysVerified: true } : {};
  await record.config.updateProfile(profile, { lastTest, ...verified });
}
