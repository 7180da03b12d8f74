import {
  VALUE_LABELS,
  isApi2Credentials,
  type ValueName,
  type XdrTarget,
} from '../credentials.js';
import { isCliError, type ErrorInfo } from '../errors.js';
import { maskSecret } from '../terminal/redact.js';
import { askValue, withSpinner, writeFailure } from './ask.js';
import { CHECKED_VALUES, saveProgress, type WizardState } from './state.js';
import { numberWord, writeWrapped } from './text.js';
import type { WizardContext, WizardCredentials } from './types.js';

/** What became of the hand-over to XDR. */
export interface PushSummary {
  pushed: boolean;
  pushError?: ErrorInfo | undefined;
}

type AfterFailure = 'retry' | 'change' | 'list';

/**
 * Pushes the verified values to XDR when the admin has (or gives) an
 * endpoint and token; otherwise, or when the push is given up, lists the
 * values for the dashboard. The values stay stored either way.
 */
export async function offerPush(
  ctx: WizardContext,
  state: WizardState,
  credentials: WizardCredentials,
): Promise<PushSummary> {
  const count = numberWord(CHECKED_VALUES[state.api].length);
  let target = await chooseTarget(ctx, state, false);
  let pushError: ErrorInfo | undefined;

  while (target !== undefined) {
    await saveProgress(ctx, state);
    const to: XdrTarget = target;
    try {
      const push = () => ctx.services.pushToXdr(to, credentials);
      await withSpinner(ctx, 'Sending the values to XDR', push);
      const accepted = `XDR accepted the ${count} values.`;
      ctx.output.line(ctx.output.style.green(accepted));
      return { pushed: true };
    } catch (error) {
      writeFailure(ctx, error);
      pushError = isCliError(error) ? error.toInfo() : undefined;
    }

    const next = await askAfterFailure(ctx);
    if (next === 'list') break;
    if (next === 'change') target = await chooseTarget(ctx, state, true);
  }

  writeDashboardList(ctx, credentials);
  return { pushed: false, pushError };
}

async function chooseTarget(
  ctx: WizardContext,
  state: WizardState,
  change: boolean,
): Promise<XdrTarget | undefined> {
  const { xdrEndpoint, xdrToken } = state.values;
  if (!change && xdrEndpoint !== undefined) {
    const count = numberWord(CHECKED_VALUES[state.api].length);
    ctx.output.line(`XDR integration endpoint: ${xdrEndpoint}`);
    const go = await ctx.prompter.confirm({
      message: `Push the ${count} values to XDR at ${hostOf(xdrEndpoint)}?`,
      default: true,
    });
    if (!go) return undefined;
    if (xdrToken !== undefined) {
      return { endpoint: xdrEndpoint, token: xdrToken };
    }
  } else if (!change) {
    const go = await ctx.prompter.confirm({
      message:
        'Push the values to Barracuda XDR now? (You need its integration ' +
        'endpoint and API token.)',
      default: false,
    });
    if (!go) return undefined;
  }

  const endpoint =
    change || xdrEndpoint === undefined
      ? await askValue(ctx, state, 'xdrEndpoint')
      : xdrEndpoint;
  const token = await askValue(ctx, state, 'xdrToken');
  return { endpoint, token };
}

/** The endpoint's host alone, which keeps the question short. */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

async function askAfterFailure(ctx: WizardContext): Promise<AfterFailure> {
  return ctx.prompter.select<AfterFailure>({
    message: 'The push failed; the values stay stored. What now?',
    choices: [
      { value: 'retry', name: 'Try the push again' },
      { value: 'change', name: 'Change the XDR endpoint or token' },
      { value: 'list', name: 'Finish, and list the values for the dashboard' },
    ],
    default: 'retry',
  });
}

const SECRET_ROWS: ReadonlySet<ValueName> = new Set([
  'appKey',
  'accessKey',
  'secretKey',
  'clientSecret',
]);

/**
 * Lists the values in the XDR dashboard's order: the five of API 1.0 or
 * the three of API 2.0. Secrets are masked to their last four characters,
 * unless `--reveal` asked to see them and the caller gave an unredacted
 * way to show them.
 */
export function writeDashboardList(
  ctx: WizardContext,
  credentials: WizardCredentials,
): void {
  const reveal = ctx.reveal && ctx.showRevealed !== undefined;
  const write = reveal ? ctx.showRevealed : undefined;
  const rows = CHECKED_VALUES[isApi2Credentials(credentials) ? '2.0' : '1.0'];
  const values: Partial<Record<ValueName, string>> = credentials;

  ctx.output.line();
  writeWrapped(
    ctx.output,
    'In the Barracuda XDR dashboard, open Administration > Integrations > ' +
      'Barracuda Incident Response and enter, in this order:',
  );
  rows.forEach((name, index) => {
    const value = values[name] ?? '';
    const shown = SECRET_ROWS.has(name) && !reveal ? maskSecret(value) : value;
    const row = `  ${index + 1}. ${VALUE_LABELS[name].padEnd(16)} ${shown}`;
    if (write) write(row);
    else ctx.output.line(row);
  });
  ctx.output.line('Then click Test, and Save once it passes.');
  if (reveal) ctx.output.line('The values are shown in full this once only.');
}
