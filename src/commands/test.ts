import type { CommandContext } from '../context.js';
import type { ValueName } from '../credentials.js';
import { exitCodeFor, ExitCode } from '../errors.js';
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

/** The five values the checks need, in the XDR dashboard's order. */
export const CHECKED_VALUES: readonly ValueName[] = [
  'appId',
  'appKey',
  'accessKey',
  'secretKey',
  'baseUrl',
];

/**
 * `mimecast-xdr test`: proves a set of credentials works and holds every
 * permission XDR needs, and records the outcome on a stored profile.
 */
export async function runTest(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  ctx.failureFields = emptyTestFields();
  const session = await openSession(ctx, options, CHECKED_VALUES);
  try {
    const { values } = session.gathered;
    requireValues(values, CHECKED_VALUES);
    const credentials = parseCredentials(values, session.policy);
    ctx.failureFields = emptyTestFields(credentials.baseUrl);

    ctx.output.line(
      `Checking profile "${ctx.globals.profile}" at ${credentials.baseUrl} ` +
        '(Mimecast API 1.0)',
    );
    const report = await checkCredentials(ctx, credentials);
    if (session.demo === undefined) await recordResult(ctx, session, report);

    printReport(ctx, report);
    if (ctx.globals.json) {
      ctx.output.result(
        toTestJson(ctx.globals.profile, credentials.baseUrl, report),
      );
    }
    return report.error ? exitCodeFor(report.error.code) : ExitCode.ok;
  } finally {
    await session.close();
  }
}

/** Keeps the outcome on the profile for `status`, when the profile exists. */
async function recordResult(
  ctx: CommandContext,
  session: Session,
  report: ChecksReport,
): Promise<void> {
  const { config } = session.stores;
  if (!(await config.getProfile(ctx.globals.profile))) return;

  const lastTest = { ok: report.ok, at: new Date().toISOString() };
  await config.updateProfile(ctx.globals.profile, {
    lastTest: report.error ? { ...lastTest, code: report.error.code } : lastTest,
  });
}
