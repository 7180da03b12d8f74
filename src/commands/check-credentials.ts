import type { CommandContext } from '../context.js';
import { apiVersionOf, type ApiVersion } from '../credentials.js';
import { runChecks, type ChecksReport } from '../mimecast/checks.js';
import { createApiClient } from '../mimecast/api-client.js';
import type { ErrorInfo } from '../errors.js';
import { renderChecksTable } from '../terminal/checks-table.js';

import type { AnyCredentials } from './api-choice.js';

export { emptyTestFields } from './result-shape.js';

/** The `test` result, exactly as `--json` prints it. */
export interface TestResultJson {
  ok: boolean;
  profile: string;
  api: ApiVersion;
  baseUrl: string | null;
  account: { code: string; name: string } | null;
  checks: ChecksReport['checks'];
  siemLogs: { available: boolean } | null;
  error?: ErrorInfo;
}

/** Runs the auth check and the six permission probes, with a spinner. */
export async function checkCredentials(
  ctx: CommandContext,
  credentials: AnyCredentials,
): Promise<ChecksReport> {
  const client = createApiClient(credentials, {
    timeoutMs: ctx.globals.timeoutMs,
    log: ctx.output.debug,
  });
  const spinner = ctx.output.spinner(
    `Checking the credentials against ${credentials.baseUrl}`,
  );
  try {
    const report = await runChecks(client);
    spinner.stop();
    return report;
  } catch (error) {
    spinner.stop();
    throw error;
  }
}

/** Builds the `test` JSON result from a finished report. */
export function toTestJson(
  profile: string,
  credentials: AnyCredentials,
  report: ChecksReport,
): TestResultJson {
  const json: TestResultJson = {
    ok: report.ok,
    profile,
    api: apiVersionOf(credentials),
    baseUrl: credentials.baseUrl,
    account: report.account,
    checks: report.checks,
    siemLogs: report.siemLogs,
  };
  if (report.error) json.error = report.error;
  return json;
}

/** Prints the report for a person: the table, then a one-line verdict. */
export function printReport(ctx: CommandContext, report: ChecksReport): void {
  const { output } = ctx;
  for (const line of renderChecksTable(report, output.style, output.columns)) {
    output.line(line);
  }
  if (report.ok) {
    output.line(output.style.green('All checks passed.'));
    return;
  }
  const failed = report.checks.filter((check) => !check.ok).length;
  output.line(
    output.style.red(
      `${failed} of ${report.checks.length} checks failed` +
        (report.error ? `: ${report.error.message}` : '.'),
    ),
  );
}
