import type { DebugLog } from './debug-log.js';
import type { Output, Spinner, Style } from './output.js';
import { MAX_COLUMNS, wrapText } from './wrap.js';

/** What createOutput needs to know about the terminal and the run. */
export interface OutputOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  json: boolean;
  verbose: boolean;
  color: boolean;
  /** Applied to every line before it is written. */
  redact: (text: string) => string;
  /** Builds a live spinner; only called on a terminal. */
  startSpinner?: (text: string) => Spinner;
}

const plainStyle: Style = {
  bold: (t) => t,
  dim: (t) => t,
  green: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
};

/** Returns the colour helpers for a run, plain when colour is off. */
export async function loadStyle(color: boolean): Promise<Style> {
  if (!color) return plainStyle;

  // chalk 5 ignores NO_COLOR on its own, so the level is set explicitly.
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    bold: (t) => chalk.bold(t),
    dim: (t) => chalk.dim(t),
    green: (t) => chalk.green(t),
    red: (t) => chalk.red(t),
    yellow: (t) => chalk.yellow(t),
    cyan: (t) => chalk.cyan(t),
  };
}

/** Builds the Output every command writes through. */
export function createOutput(options: OutputOptions, style: Style): Output {
  const { stdout, stderr, redact } = options;
  const writeErr = (text: string) => {
    stderr.write(`${redact(text)}\n`);
  };
  const width = Math.min(MAX_COLUMNS, Math.max(40, stderr.columns ?? 80));
  const debug: DebugLog = options.verbose
    ? (message) => writeErr(style.dim(`debug: ${message}`))
    : () => {};

  return {
    json: options.json,
    verbose: options.verbose,
    columns: Math.max(40, stderr.columns ?? 80),
    style,
    line: (text = '') => writeErr(text),
    warn: (text) =>
      writeErr(style.yellow(wrapText(text, width, 'Warning: ').join('\n'))),
    debug,
    result(value) {
      const text =
        typeof value === 'string' ? value : JSON.stringify(value, null, 2);
      stdout.write(`${redact(text)}\n`);
    },
    spinner(text) {
      if (stderr.isTTY === true && options.startSpinner) {
        return options.startSpinner(text);
      }
      return lineSpinner(writeErr, style);
    },
  };
}

/** A spinner for logs and pipes: it prints only how the wait ended. */
function lineSpinner(write: (text: string) => void, style: Style): Spinner {
  const finish = (text: string | undefined, paint: (t: string) => string) => {
    if (text !== undefined) write(paint(text));
  };
  return {
    update: () => {},
    succeed: (text) => finish(text, (t) => style.green(`✔ ${t}`)),
    fail: (text) => finish(text, (t) => style.red(`✖ ${t}`)),
    stop: () => {},
  };
}
