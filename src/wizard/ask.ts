import {
  SECRET_VALUE_NAMES,
  VALUE_LABELS,
  type ValueName,
} from '../credentials.js';
import { isCliError } from '../errors.js';
import type { Spinner } from '../terminal/output.js';
import { maskSecret } from '../terminal/redact.js';
import { checkValue, parseEmail } from '../values.js';
import type { WizardState } from './state.js';
import type { WizardContext } from './types.js';

const SECRET_NAMES: ReadonlySet<ValueName> = new Set(SECRET_VALUE_NAMES);

/**
 * Asks for one of the tool's values, checked as it is typed with the same
 * rules as flags and environment. A value already known is the default
 * (for a secret: kept when the answer is empty). Stores the cleaned value
 * in the state and returns it.
 */
export async function askValue(
  ctx: WizardContext,
  state: WizardState,
  name: ValueName,
): Promise<string> {
  const current = state.values[name];
  const check = (raw: string) => checkValue(name, raw, ctx.policy, state.api);
  const answer = SECRET_NAMES.has(name)
    ? await askSecretText(ctx, name, current, check)
    : await ctx.prompter.input({
        message: VALUE_LABELS[name],
        default: current,
        validate: (raw) => verdictOf(check(raw)),
      });

  const checked = check(answer);
  const value = checked.ok ? checked.value : answer;
  if (SECRET_NAMES.has(name)) ctx.registerSecret(value);
  state.values[name] = value;
  return value;
}

type ValueCheck = (raw: string) => ReturnType<typeof checkValue>;

async function askSecretText(
  ctx: WizardContext,
  name: ValueName,
  current: string | undefined,
  check: ValueCheck,
): Promise<string> {
  const answer = await ctx.prompter.password({
    message: secretMessage(VALUE_LABELS[name], current),
    validate: (raw) =>
      raw === '' && current !== undefined ? true : verdictOf(check(raw)),
  });
  return answer === '' && current !== undefined ? current : answer;
}

/** A secret's question, saying how to keep the value already known. */
export function secretMessage(label: string, current?: string): string {
  if (current === undefined) return label;
  return `${label} (leave empty to keep ${maskSecret(current)})`;
}

function verdictOf(
  result: { ok: true } | { ok: false; message: string },
): true | string {
  return result.ok ? true : result.message;
}

/** Asks for the service account's email address, checked as typed. */
export async function askEmail(
  ctx: WizardContext,
  state: WizardState,
): Promise<string> {
  const answer = await ctx.prompter.input({
    message: "Service account's email address",
    default: state.values.email,
    validate: (raw) => verdictOf(checkEmail(raw)),
  });

  const checked = checkEmail(answer);
  const email = checked.ok ? checked.value : answer;
  state.values.email = email;
  return email;
}

function checkEmail(
  raw: string,
): { ok: true; value: string } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseEmail(raw) };
  } catch (error) {
    if (isCliError(error)) return { ok: false, message: error.message };
    throw error;
  }
}

/** Asks for the service account's password; empty keeps a known one. */
export async function askPassword(
  ctx: WizardContext,
  state: WizardState,
): Promise<string> {
  const current = state.values.password;
  const answer = await ctx.prompter.password({
    message: secretMessage("Service account's password", current),
    validate: (raw) =>
      raw !== '' || current !== undefined ? true : 'The password is empty.',
  });

  const password = answer === '' && current !== undefined ? current : answer;
  ctx.registerSecret(password);
  state.values.password = password;
  return password;
}

/** Runs a network wait under a spinner that leaves nothing behind. */
export async function withSpinner<T>(
  ctx: WizardContext,
  text: string,
  work: () => Promise<T>,
): Promise<T> {
  const spinner: Spinner = ctx.output.spinner(text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}

/** Writes a CliError's message and its fix, or rethrows anything else. */
export function writeFailure(ctx: WizardContext, error: unknown): void {
  if (!isCliError(error) || error.code === 'cancelled') throw error;
  ctx.output.warn(error.message);
  ctx.output.line(`Fix: ${error.hint}`);
}
