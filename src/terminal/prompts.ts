import { confirm, input, password, select } from '@inquirer/prompts';
import { Writable } from 'node:stream';
import type { WriteStream } from 'node:tty';
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

/** What an answered secret shows: the same whatever its length. */
export const ANSWERED_SECRET_MASK = '********';

/**
 * The real prompter: @inquirer/prompts on the given streams. A cancelled
 * prompt becomes one CliError with code `cancelled`.
 *
 * Inquirer leaves a prompt drawn when it ends, so a prompt cancelled by
 * Ctrl-C would stay on screen with its list and key tips. Every prompt is
 * therefore erased when it ends, and an answered one is written back as
 * one line: the question and its answer, a secret shown as a fixed mask.
 */
export function createInquirerPrompter(
  options: InquirerPrompterOptions,
): Prompter {
  const answered = (message: string, shown: string) => {
    const line = shown === '' ? message : `${message} ${shown}`;
    options.output.write(`\u2714 ${line}\n`);
  };

  return {
    async input(q) {
      const answer = await withCancelPath(() => input(q, contextFor(options)));
      answered(q.message, answer);
      return answer;
    },
    async password(q) {
      const ask = () => askSecret(q, contextFor(options));
      const answer = await withCancelPath(ask);
      answered(q.message, answer === '' ? '' : ANSWERED_SECRET_MASK);
      return answer;
    },
    async confirm(q) {
      const ask = () => confirm(q, contextFor(options));
      const answer = await withCancelPath(ask);
      answered(q.message, answer ? 'Yes' : 'No');
      return answer;
    },
    async select<T>(q: SelectQuestion<T>) {
      const { message, choices } = q;
      const answer = await withCancelPath(() =>
        select<T>(
          { message, choices, default: q.default },
          contextFor(options),
        ),
      );
      answered(message, choices.find((c) => c.value === answer)?.name ?? '');
      return answer;
    },
  };
}

type PromptContext = NonNullable<Parameters<typeof password>[1]>;

function contextFor(options: InquirerPrompterOptions): PromptContext {
  return {
    input: options.input,
    output: keepOpen(options.output),
    signal: options.signal,
    clearPromptOnDone: true,
  };
}

/**
 * A prompt ends the stream it draws on when it finishes; this stand-in
 * takes that end, so the answered line can still be written to the real
 * stream. It passes on what inquirer reads of a terminal's size.
 */
function keepOpen(target: NodeJS.WritableStream): Writable {
  const proxy = new Writable({
    write(chunk: Buffer, _encoding, done) {
      target.write(chunk);
      done();
    },
  });
  for (const key of ['isTTY', 'columns', 'rows'] as const) {
    Object.defineProperty(proxy, key, {
      get: () => (target as Partial<WriteStream>)[key],
    });
  }
  return proxy;
}

function askSecret(
  q: PasswordQuestion,
  context: PromptContext,
): Promise<string> {
  // No Ctrl-T reveal: a secret must never be drawn on screen.
  const question = { message: q.message, validate: q.validate };
  return password({ ...question, mask: '*', toggleMask: false }, context);
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

/** Runs `answer` as a prompt would: a throw becomes a rejection. */
function settle<T>(answer: () => T): Promise<T> {
  return new Promise((resolve) => resolve(answer()));
}

type Answered<K extends AskedQuestion['kind']> = Extract<
  ScriptedAnswer,
  { kind: K }
>;

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

  function take<K extends AskedQuestion['kind']>(
    record: AskedQuestion & { kind: K },
  ): Answered<K> {
    const next = queue.shift();
    if (next?.kind === 'cancel') throw createCancelledError();
    if (next?.kind === record.kind && matches(next.message, record.message)) {
      return next as Answered<K>;
    }
    throw new Error(
      `Unexpected ${record.kind} question "${record.message}": ` +
        `expected ${describeAnswer(next)}`,
    );
  }

  function record<K extends AskedQuestion['kind']>(
    kind: K,
    message: string,
    extra: Partial<AskedQuestion> = {},
  ): AskedQuestion & { kind: K } {
    const question = { ...extra, kind, message, refusals: [] };
    asked.push(question);
    return question;
  }

  function answerText(kind: 'input' | 'password', q: InputQuestion): string {
    const question = record(kind, q.message);
    if (q.default !== undefined) question.default = q.default;

    for (;;) {
      const { answer } = take(question);
      const value = answer === '' ? (q.default ?? '') : answer;
      const verdict = q.validate ? q.validate(value) : true;
      if (verdict === true) return value;
      question.refusals.push(verdict);
    }
  }

  function answerSelect<T>(q: SelectQuestion<T>): T {
    const values = q.choices.map((c) => c.value);
    const question = record('select', q.message, {
      default: q.default,
      choices: values,
    });

    const { answer } = take(question);
    const chosen = answer === undefined ? (q.default ?? values[0]) : answer;
    if (!values.includes(chosen as T)) {
      throw new Error(
        `Scripted choice ${JSON.stringify(chosen)} is not offered by ` +
          `"${q.message}"`,
      );
    }
    return chosen as T;
  }

  return {
    asked,
    remaining: () => queue.length,
    input: (q) => settle(() => answerText('input', q)),
    password: (q) => settle(() => answerText('password', q)),
    confirm: (q) =>
      settle(() => {
        const question = record('confirm', q.message, { default: q.default });
        return take(question).answer ?? q.default;
      }),
    select: (q) => settle(() => answerSelect(q)),
  };
}
