import type { CommandContext, CommandIo, GlobalOptions } from '../context.js';
import { CliError, ExitCode, type ErrorInfo } from '../errors.js';
import { createRedactor } from '../terminal/redact.js';
import { startTerminalSpinner } from '../terminal/spinner.js';
import { createOutput, loadStyle } from '../terminal/terminal-output.js';
import { CHECK_RESULT_COMMANDS, emptyTestFields } from './result-shape.js';

/** A command module's entry: does the work, returns the exit status. */
export type CommandHandler = (
  ctx: CommandContext,
  options: Record<string, unknown>,
  args: string[],
) => Promise<number>;

const HANDLERS: Record<string, () => Promise<CommandHandler>> = {
  test: async () => (await import('./test.js')).runTest,
  setup: async () => (await import('./setup.js')).runSetup,
  push: async () => (await import('./push.js')).runPush,
  'keys create': async () => (await import('./keys.js')).runKeysCreate,
  'profiles list': async () => (await import('./profiles.js')).runProfilesList,
  'profiles remove': async () =>
    (await import('./profiles.js')).runProfilesRemove,
  status: async () => (await import('./status.js')).runStatus,
};

/**
 * Builds the context for one command, runs it, and turns any failure into
 * a printed error and an exit status. The only place errors are printed.
 */
export async function runCommand(
  name: string,
  options: Record<string, unknown>,
  io: CommandIo,
  args: string[] = [],
): Promise<number> {
  const secrets = new Set<string>();
  const redact = (text: string) => createRedactor(secrets)(text);
  const json = options.json === true;

  let ctx: CommandContext | undefined;
  try {
    const globals = parseGlobals(options, io);
    ctx = await createContext(io, globals, secrets, redact);
    const load = HANDLERS[name];
    if (!load) throw new Error(`No handler for the command "${name}".`);
    return await (await load())(ctx, options, args);
  } catch (error) {
    return reportFailure(error, { io, json, redact, ctx, options, name });
  }
}

async function createContext(
  io: CommandIo,
  globals: GlobalOptions,
  secrets: Set<string>,
  redact: (text: string) => string,
): Promise<CommandContext> {
  const style = await loadStyle(globals.color);
  const output = createOutput(
    {
      stdout: io.stdout,
      stderr: io.stderr,
      json: globals.json,
      verbose: globals.verbose,
      color: globals.color,
      redact,
      startSpinner: (text) => startTerminalSpinner(io.stderr, text, redact),
    },
    style,
  );
  return {
    io,
    globals,
    output,
    registerSecret(value) {
      if (value !== undefined && value.length > 0) secrets.add(value);
    },
    failureFields: {},
  };
}

/** Merges the program's flags and the environment into GlobalOptions. */
export function parseGlobals(
  options: Record<string, unknown>,
  io: CommandIo,
): GlobalOptions {
  const env = io.env;
  const ci = env.CI !== undefined && !['', '0', 'false'].includes(env.CI);
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';

  return {
    profile: typeof options.profile === 'string' ? options.profile : 'default',
    profileChosen: ['cli', 'env'].includes(String(options.profileSource)),
    json: options.json === true,
    nonInteractive:
      options.nonInteractive === true || io.stdin.isTTY !== true || ci,
    verbose: options.verbose === true,
    color: options.color !== false && !noColorEnv && io.stderr.isTTY === true,
    timeoutMs: parseTimeout(options.timeout),
    configDir: typeof options.configDir === 'string' ? options.configDir : undefined,
    insecureStorage: options.insecureStorage === true,
  };
}

function parseTimeout(raw: unknown): number {
  const seconds = Number(raw ?? 15);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new CliError({
      code: 'invalid_value',
      field: 'timeout',
      message: `--timeout must be a number of seconds from 1 to 600, not "${String(raw)}".`,
      hint: 'Pass --timeout 30, for example, or leave it out for 15 seconds.',
    });
  }
  return Math.round(seconds * 1000);
}

interface FailureScope {
  io: CommandIo;
  json: boolean;
  redact: (text: string) => string;
  ctx: CommandContext | undefined;
  options: Record<string, unknown>;
  name: string;
}

function reportFailure(error: unknown, scope: FailureScope): number {
  const info = describeFailure(error);
  const exitCode =
    error instanceof CliError ? error.exitCode : ExitCode.internal;
  const profile = scope.ctx?.globals.profile ?? String(scope.options.profile);

  if (scope.json) {
    const fields =
      scope.ctx?.failureFields ??
      (CHECK_RESULT_COMMANDS.has(scope.name) ? emptyTestFields() : {});
    const body = { ok: false, profile, ...fields, error: info };
    scope.io.stdout.write(`${scope.redact(JSON.stringify(body))}\n`);
  }
  writeErrorLines(scope, info, error);
  return exitCode;
}

function writeErrorLines(
  scope: FailureScope,
  info: ErrorInfo,
  error: unknown,
): void {
  const lines = [`Error: ${info.message}`];
  if (info.hint) lines.push(`Fix: ${info.hint}`);
  if (!(error instanceof CliError) && scope.ctx?.globals.verbose === true) {
    lines.push(String(error instanceof Error ? error.stack : error));
  }
  scope.io.stderr.write(`${scope.redact(lines.join('\n'))}\n`);
}

/** Turns any thrown value into the ErrorInfo the output shows. */
export function describeFailure(error: unknown): ErrorInfo {
  if (error instanceof CliError) return error.toInfo();
  return {
    code: 'internal_error',
    message: 'mimecast-xdr stopped on an unexpected error.',
    hint:
      'Run the command again with --verbose to see the details, and report ' +
      'them with the command you ran (secrets are redacted).',
  };
}

/**
 * The JSON object a usage error found by commander produces. The command
 * is not known for sure at that point, so it carries the check-result
 * fields that most commands print.
 */
export function usageErrorJson(message: string): Record<string, unknown> {
  return {
    ok: false,
    profile: null,
    ...emptyTestFields(),
    error: {
      code: 'invalid_value',
      message: message.replace(/^error:\s*/i, '').trim(),
      hint: 'Run mimecast-xdr --help to see the commands and options.',
    },
  };
}
