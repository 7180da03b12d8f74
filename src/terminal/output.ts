import type { DebugLog } from './debug-log.js';

/** Colour helpers that become identity functions when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** A progress indicator for one network wait. */
export interface Spinner {
  /** Replaces the text while the wait goes on. */
  update(text: string): void;
  /** Ends the wait, leaving a line that says it went well. */
  succeed(text?: string): void;
  /** Ends the wait, leaving a line that says it failed. */
  fail(text?: string): void;
  /** Ends the wait and leaves nothing behind. */
  stop(): void;
}

/**
 * The only way code reaches the terminal. Human text, warnings and spinners
 * go to stderr; stdout carries the result alone, as JSON with `--json`.
 */
export interface Output {
  /** True with `--json`: stdout holds exactly one JSON document. */
  readonly json: boolean;
  /** True with `--verbose`. */
  readonly verbose: boolean;
  /** Terminal width, 80 when unknown. */
  readonly columns: number;
  readonly style: Style;
  /** Writes one line of human text to stderr. */
  line(text?: string): void;
  /** Writes a warning to stderr. */
  warn(text: string): void;
  /** Writes a `--verbose` line to stderr, redacted; dropped otherwise. */
  debug: DebugLog;
  /** Writes the command's result to stdout (JSON when `--json`). */
  result(value: unknown): void;
  /**
   * Starts a spinner on a terminal; elsewhere returns one that prints only
   * its final line, so logs stay readable.
   */
  spinner(text: string): Spinner;
}
