import type { CommandContext } from '../context.js';
import { exitCodeFor, ExitCode } from '../errors.js';
import { CHECK_VALUES, resolveSessionCredentials } from './api-choice.js';
import {
  checkCredentials,
  emptyTestFields,
  printReport,
  toTestJson,
} from './check-credentials.js';
import { openSession } from './session.js';
import { parseXdrTarget, pushValues } from './xdr-push.js';

/**
 * `mimecast-xdr push`: pushes a profile's values to XDR, after the checks
 * pass unless `--skip-test` says otherwise.
 */
export async function runPush(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  ctx.failureFields = { ...emptyTestFields(), pushed: false };
  const needed = [...CHECK_VALUES, 'xdrEndpoint', 'xdrToken'] as const;
  const session = await openSession(ctx, options, needed);
  try {
    const { credentials, choice } = resolveSessionCredentials(
      ctx,
      session,
      options.api,
      { pushed: false },
    );
    const target = parseXdrTarget(session.gathered.values, session.policy);

    const profile = ctx.globals.profile;
    let json: Record<string, unknown> = {
      ...emptyTestFields(credentials.baseUrl, choice.version),
      ok: true,
      profile,
    };
    if (options.skipTest !== true) {
      const report = await checkCredentials(ctx, credentials);
      printReport(ctx, report);
      json = { ...toTestJson(profile, credentials, report) };
      if (report.error) {
        ctx.output.line('Nothing was pushed: fix the checks first.');
        if (ctx.globals.json) ctx.output.result({ ...json, pushed: false });
        return exitCodeFor(report.error.code);
      }
    }

    ctx.failureFields = { ...json, ok: false, pushed: false };
    await pushValues(ctx, target, credentials);
    if (ctx.globals.json) {
      ctx.output.result({ ...json, pushed: true, xdrEndpoint: target.endpoint });
    }
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
