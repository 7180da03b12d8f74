import {
  VALUE_LABELS,
  type ApiVersion,
  type ValueName,
} from '../credentials.js';
import {
  CliError,
  isCliError,
  type ErrorCode,
  type ErrorInfo,
} from '../errors.js';
import type { ChecksReport } from '../mimecast/checks.js';
import { renderChecksTable } from '../terminal/checks-table.js';
import { checkValue } from '../values.js';
import { withSpinner } from './ask.js';
import { offerPush } from './push.js';
import {
  CHECKED_VALUES,
  firstUnfinishedStep,
  saveProgress,
  type WizardState,
} from './state.js';
import { numberWord, widthOf, writeWrapped } from './text.js';
import type {
  WizardContext,
  WizardCredentials,
  WizardOutcome,
} from './types.js';
import { mayStillGoLive, waitUntilLive } from './wait-live.js';

/** Where the final check sends the walk: back to a step, or to its end. */
export type FinishResult = { goto: number } | WizardOutcome;

type Choice = number | 'retry' | 'wait' | 'quit';

interface Route {
  step: number;
  name: string;
  /** Further steps to walk again after this one. */
  also?: number[];
}

type Routes = Partial<Record<ErrorCode, Route[]>>;

/** The API 1.0 steps that fix each failure, the likeliest first. */
const API1_ROUTES: Routes = {
  keys_expired: [
    {
      step: 6,
      name: 'Step 6: create new keys (a password change revokes keys)',
    },
    {
      step: 4,
      name: 'Step 4: set the TTL to Never Expire, then new keys at step 6',
      also: [6],
    },
  ],
  permission_denied: [
    { step: 7, name: 'Step 7: add the missing permissions to the role' },
  ],
  invalid_app_id: [
    { step: 1, name: 'Step 1: check the Application ID' },
  ],
  invalid_signature: [
    { step: 6, name: 'Step 6: paste or create the keys again' },
    { step: 1, name: 'Step 1: check the Application Key' },
    {
      step: 9,
      name: 'Step 9: check the base URL (a wrong region looks the same)',
    },
  ],
  unreachable: [{ step: 9, name: 'Step 9: check the base URL' }],
};

/** The API 2.0 steps that fix each failure. */
const API2_ROUTES: Routes = {
  invalid_client: [
    { step: 1, name: 'Step 1: check the Client ID and Client Secret' },
  ],
  permission_denied: [
    {
      step: 1,
      name: "Step 1: add the missing permissions to the application's role",
    },
  ],
  unreachable: [{ step: 3, name: 'Step 3: check the base URL' }],
};

const ROUTES: Record<ApiVersion, Routes> = {
  '1.0': API1_ROUTES,
  '2.0': API2_ROUTES,
};

/** Failures that often pass on their own, or once the clock is right. */
const RETRY_FIRST: ReadonlySet<ErrorCode> = new Set([
  'clock_skew',
  'unreachable',
  'server_error',
  'rate_limited',
]);

/** The step that supplies each value the checks take, per API. */
const STEP_OF_VALUE: Record<ApiVersion, Partial<Record<ValueName, number>>> = {
  '1.0': { appId: 1, appKey: 1, accessKey: 6, secretKey: 6, baseUrl: 9 },
  '2.0': { clientId: 1, clientSecret: 1, baseUrl: 3 },
};

/**
 * The end of the walk: runs the checks as `test` does and shows the same
 * table. On a failure it offers the step that fixes it; on success it
 * stores everything as verified and hands over to XDR.
 */
export async function finishSetup(
  ctx: WizardContext,
  state: WizardState,
): Promise<FinishResult> {
  ctx.output.line();
  ctx.output.line(ctx.output.style.bold('Final check'));
  const credentials = collectCredentials(ctx, state);
  if ('step' in credentials) return routeToMissing(ctx, state, credentials);

  for (;;) {
    const report = await runFinalCheck(ctx, credentials);
    if (report.ok) return succeed(ctx, state, credentials, report);

    const at = ctx.now().toISOString();
    const code = failureCode(report);
    await saveProgress(ctx, state, { lastTest: { ok: false, at, code } });
    const choice = await askRoute(ctx, state, code, report);
    if (choice === 'quit') return paused(state, report);
    if (choice === 'wait') await waitForApplication(ctx, state, credentials);
    if (typeof choice === 'number') return reopen(state, code, choice);
  }
}

type Collected =
  | WizardCredentials
  | { step: number; name: ValueName; message: string };

/** The values the checks take, in the XDR dashboard's order, checked. */
function collectCredentials(
  ctx: WizardContext,
  state: WizardState,
): Collected {
  const credentials: Partial<Record<ValueName, string>> = {};
  for (const name of CHECKED_VALUES[state.api]) {
    const raw = state.values[name];
    const step = STEP_OF_VALUE[state.api][name] ?? 1;
    if (raw === undefined) {
      return { step, name, message: `The ${VALUE_LABELS[name]} is missing.` };
    }
    const checked = checkValue(name, raw, ctx.policy, state.api);
    if (!checked.ok) return { step, name, message: checked.message };
    credentials[name] = checked.value;
  }
  return credentials as WizardCredentials;
}

async function routeToMissing(
  ctx: WizardContext,
  state: WizardState,
  missing: { step: number; message: string },
): Promise<FinishResult> {
  ctx.output.warn(missing.message);
  const count = numberWord(CHECKED_VALUES[state.api].length);
  const choice = await ctx.prompter.select<Choice>({
    message: `The check needs all ${count} values. What now?`,
    choices: [
      { value: missing.step, name: `Go to step ${missing.step}` },
      { value: 'quit', name: 'Quit (progress is saved)' },
    ],
    default: missing.step,
  });
  if (choice === 'quit') return paused(state);
  state.completed.delete(missing.step);
  state.skipped.delete(missing.step);
  return { goto: missing.step };
}

async function runFinalCheck(
  ctx: WizardContext,
  credentials: WizardCredentials,
): Promise<ChecksReport> {
  let report: ChecksReport;
  try {
    const check = () => ctx.services.runChecks(credentials);
    report = await withSpinner(ctx, 'Checking the values with Mimecast', check);
  } catch (error) {
    if (!isCliError(error) || error.code === 'cancelled') throw error;
    report = failedReport(error.toInfo());
  }

  const { style } = ctx.output;
  const table = renderChecksTable(report, style, widthOf(ctx.output));
  for (const line of table) ctx.output.line(line);
  return report;
}

function failedReport(error: ErrorInfo): ChecksReport {
  return {
    ok: false,
    account: null,
    checks: [{ id: 'auth', ok: false, error }],
    siemLogs: null,
    error,
  };
}

/** The code that sums up a failed report. */
export function failureCode(report: ChecksReport): ErrorCode {
  const failed = report.checks.find((check) => check.error !== undefined);
  return report.error?.code ?? failed?.error?.code ?? 'internal_error';
}

async function askRoute(
  ctx: WizardContext,
  state: WizardState,
  code: ErrorCode,
  report: ChecksReport,
): Promise<Choice> {
  if (code === 'clock_skew') {
    writeWrapped(
      ctx.output,
      'This computer\'s clock is more than 5 minutes off. Set it right ' +
        '(turn on automatic time), then check again.',
    );
  }

  const choices: { value: Choice; name: string }[] = routesFor(
    state,
    code,
    report,
  ).map((route) => ({ value: route.step, name: route.name }));
  const notLive = code === 'invalid_app_id' && state.api === '1.0';
  if (notLive && mayStillGoLive(state, ctx.now())) {
    const name = 'Wait for the application to go live, then check again';
    choices.unshift({ value: 'wait', name });
  }
  choices.push(
    { value: 'retry', name: 'Check again' },
    { value: 'quit', name: 'Quit (progress is saved)' },
  );

  return ctx.prompter.select<Choice>({
    message: 'The check failed. What now?',
    choices,
    default: RETRY_FIRST.has(code) ? 'retry' : choices[0]?.value,
  });
}

function routesFor(
  state: WizardState,
  code: ErrorCode,
  report: ChecksReport,
): Route[] {
  const field = report.error?.field as ValueName | undefined;
  const step = field && STEP_OF_VALUE[state.api][field];
  if (step !== undefined) {
    return [{ step, name: `Step ${step}: correct the value` }];
  }
  return ROUTES[state.api][code] ?? [];
}

async function waitForApplication(
  ctx: WizardContext,
  state: WizardState,
  credentials: WizardCredentials,
): Promise<void> {
  await waitUntilLive(ctx, state, async () => {
    const report = await ctx.services.runChecks(credentials);
    if (report.error?.code === 'invalid_app_id') {
      throw new CliError(report.error);
    }
    return report;
  });
}

/** Marks the routed step (and any it leads to) as not done, and goes. */
function reopen(
  state: WizardState,
  code: ErrorCode,
  step: number,
): FinishResult {
  const route = ROUTES[state.api][code]?.find((r) => r.step === step);
  for (const n of [step, ...(route?.also ?? [])]) {
    state.completed.delete(n);
    state.skipped.delete(n);
  }
  return { goto: step };
}

function paused(state: WizardState, report?: ChecksReport): WizardOutcome {
  return { status: 'paused', resumeAt: firstUnfinishedStep(state), report };
}

async function succeed(
  ctx: WizardContext,
  state: WizardState,
  credentials: WizardCredentials,
  report: ChecksReport,
): Promise<WizardOutcome> {
  const at = ctx.now().toISOString();
  const lastTest = { ok: true, at };
  const moved = state.movingFrom1;
  await saveProgress(ctx, state, { verified: true, lastTest });
  const where = ctx.secrets.kind === 'file' ? 'credentials file' : 'keychain';
  ctx.output.line(
    ctx.output.style.green(`Every check passed. Stored in the ${where}.`),
  );
  if (moved) {
    ctx.output.line('The API 2.0 values now replace the API 1.0 ones.');
  }

  const push = await offerPush(ctx, state, credentials);
  return { status: 'completed', apiVersion: state.api, report, ...push };
}
