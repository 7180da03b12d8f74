import { confirm, input, password, select } from '@inquirer/prompts';
import { CliError, isCliError } from '../errors.js';

/** Checks an answer: true to accept it, or the message to show instead. */
export type AnswerCheck = (value: string) => true | string;

/** A free-text question. Enter on an empty line accepts `default`. */
export interface InputQuestion {
  message: string;
  default?: string | undefined;
  validate?: AnswerCheck | undefined;
}

/** A question whose answer is masked as it is typed. */
export interface PasswordQuestion {
  message: string;
  validate?: AnswerCheck | undefined;
}

/** A yes-or-no question. */
export interface ConfirmQuestion {
  message: string;
  default: boolean;
}

/** One option of a select question. */
export interface SelectChoice<T> {
  value: T;
  /** What the admin sees in the list. */
  name: string;
  description?: string | undefined;
}

/** A pick-one-from-a-list question. */
export interface SelectQuestion<T> {
  message: string;
  choices: readonly SelectChoice<T>[];
  default?: T | undefined;
}

/**
 * Everything the tool asks a person. The wizard talks to this interface
 * only, so tests replace the terminal with a script.
 */
export interface Prompter {
  input(question: InputQuestion): Promise<string>;
  password(question: PasswordQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  select<T>(question: SelectQuestion<T>): Promise<T>;
}

/** Where the inquirer prompts read keys and draw themselves. */
export interface InquirerPrompterOptions {
  input: NodeJS.ReadableStream;
  /** stderr, so that stdout keeps only the command's result. */
  output: NodeJS.WritableStream;
  /** Aborting it cancels the prompt on screen, as Ctrl-C does. */
  signal?: AbortSignal | undefined;
}

const CANCEL_ERROR_NAMES = new Set([
  'ExitPromptError',
  'AbortPromptError',
  'CancelPromptError',
  'AbortError',
]);

/** The one error every way of cancelling turns into (exit status 130). */
export function createCancelledError(cause?: unknown): CliError {
  return new CliError(
    {
      code: 'cancelled',
      message: 'Cancelled at your request.',
      hint: 'Run the same command again to carry on where you left off.',
    },
    { cause },
  );
}

/**
 * True for a cancelled prompt (Ctrl-C, Ctrl-D, an abort) or for the
 * `cancelled` CliError made from one.
 */
export function isCancellation(error: unknown): boolean {
  if (isCliError(error)) return error.code === 'cancelled';
  return error instanceof Error && CANCEL_ERROR_NAMES.has(error.name);
}

async function withCancelPath<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (isCancellation(error) && !isCliError(error)) {
      throw createCancelledError(error);
    }
    throw error;
  }
}

/**
 * The real prompter: @inquirer/prompts on the given streams. A cancelled
 * prompt becomes one CliError with code `cancelled`.
 */
export function createInquirerPrompter(
  options: InquirerPrompterOptions,
): Prompter {
  const context = {
    input: options.input,
    output: options.output,
    signal: options.signal,
  };

  return {
    input: (q) => withCancelPath(() => input(q, context)),
    password: (q) =>
      withCancelPath(() =>
        password(
          // No Ctrl-T reveal: a secret must never be drawn on screen.
          { message: q.message, validate: q.validate, mask: '*', toggleMask: false },
          context,
        ),
      ),
    confirm: (q) => withCancelPath(() => confirm(q, context)),
    select: <T>(q: SelectQuestion<T>) =>
      withCancelPath(() =>
        select<T>(
          { message: q.message, choices: q.choices, default: q.default },
          context,
        ),
      ),
  };
}

/** One scripted answer; `message` must match the question asked. */
export type ScriptedAnswer =
  | { kind: 'input'; message: string | RegExp; answer: string }
  | { kind: 'password'; message: string | RegExp; answer: string }
  /** Without `answer`, Enter: the question's default. */
  | { kind: 'confirm'; message: string | RegExp; answer?: boolean }
  /** Without `answer`, Enter: the default, else the first choice. */
  | { kind: 'select'; message: string | RegExp; answer?: unknown }
  /** Presses Ctrl-C at the next question, whatever it is. */
  | { kind: 'cancel' };

/** A question the scripted prompter was asked, for assertions. */
export interface AskedQuestion {
  kind: 'input' | 'password' | 'confirm' | 'select';
  message: string;
  default?: unknown;
  choices?: unknown[];
  /** Messages the question's check gave for refused answers, in order. */
  refusals: string[];
}

/** A prompter for tests that answers from a script. */
export interface ScriptedPrompter extends Prompter {
  readonly asked: AskedQuestion[];
  /** Scripted answers not used yet. */
  remaining(): number;
}

function describeAnswer(answer: ScriptedAnswer | undefined): string {
  if (answer === undefined) return 'no scripted answer left';
  if (answer.kind === 'cancel') return 'a scripted Ctrl-C';
  return `a scripted ${answer.kind} for ${String(answer.message)}`;
}

function matches(pattern: string | RegExp, message: string): boolean {
  return typeof pattern === 'string'
    ? message.includes(pattern)
    : pattern.test(message);
}

/**
 * A prompter that takes its answers from `answers`, in order. It records
 * every question, applies each question's check as a person would see it
 * (a refused answer is recorded and the next scripted one is tried), and
 * throws on a question the script did not expect.
 */
export function createScriptedPrompter(
  answers: readonly ScriptedAnswer[],
): ScriptedPrompter {
  const queue = [...answers];
  const asked: AskedQuestion[] = [];

  function take(record: AskedQuestion): ScriptedAnswer {
    const next = queue.shift();
    if (next?.kind === 'cancel') throw createCancelledError();
    if (next?.kind === record.kind && matches(next.message, record.message)) {
      return next;
    }
    throw new Error(
      `Unexpected ${record.kind} question "${record.message}": ` +
        `expected ${describeAnswer(next)}`,
    );
  }

  function ask(record: AskedQuestion): AskedQuestion {
    asked.push(record);
    return record;
  }

  async function askText(
    kind: 'input' | 'password',
    q: InputQuestion,
  ): Promise<string> {
    const record = ask({ kind, message: q.message, refusals: [] });
    if (q.default !== undefined) record.default = q.default;

    for (;;) {
      const next = take(record) as { answer: string };
      const value = next.answer === '' ? (q.default ?? '') : next.answer;
      const verdict = q.validate ? q.validate(value) : true;
      if (verdict === true) return value;
      record.refusals.push(verdict);
    }
  }

  return {
    asked,
    remaining: () => queue.length,
    input: (q) => askText('input', q),
    password: (q) => askText('password', q),
    async confirm(q) {
      const record = ask({ kind: 'confirm', message: q.message, refusals: [] });
      record.default = q.default;
      const next = take(record) as { answer?: boolean };
      return Promise.resolve(next.answer ?? q.default);
    },
    async select<T>(q: SelectQuestion<T>): Promise<T> {
      const values = q.choices.map((c) => c.value);
      const record = ask({
        kind: 'select',
        message: q.message,
        default: q.default,
        choices: values,
        refusals: [],
      });
      const next = take(record) as { answer?: unknown };
      const chosen = next.answer === undefined ? (q.default ?? values[0]) : next.answer;
      if (!values.includes(chosen as T)) {
        throw new Error(
          `Scripted choice ${String(chosen)} is not offered by "${q.message}"`,
        );
      }
      return Promise.resolve(chosen as T);
    },
  };
}
