import type { CommandContext } from '../context.js';
import type { ApiVersion } from '../credentials.js';
import { VALUE_ENV_VARS } from '../credentials.js';
import {
  CliError,
  ExitCode,
  exitCodeFor,
  isCliError,
  type ErrorCode,
  type ErrorInfo,
} from '../errors.js';
import type { ProfileSettings } from '../storage/types.js';
import type { Output, Spinner } from '../terminal/output.js';
import { createHostPolicy, type HostPolicy } from '../values.js';
import type { TestResultJson } from './check-credentials.js';
import { describeFailure } from './run-command.js';
import { loadStoredValues, openStores, type Stores } from './stores.js';
import { api1RetirementNotice, resolveCredentials } from './api-choice.js';
import { mergeValues } from './gather-values.js';
import { testProfile } from './test.js';

/** How many profiles `test --all` checks at once unless told. */
export const DEFAULT_CONCURRENCY = 8;

/** The most profiles `--concurrency` may check at once. */
export const MAX_CONCURRENCY = 64;

/** What `test --all --json` prints: one `test` result per profile. */
export interface TestAllJson {
  ok: boolean;
  results: TestResultJson[];
}

/** One stored profile as `test --all` checks it. */
interface ProfileEntry {
  name: string;
  settings: ProfileSettings;
}

/** A checked profile: its stored API version and its `test` result. */
interface ProfileOutcome {
  apiVersion: string;
  result: TestResultJson;
}

// A failure of any one profile weighs by this order: what the user must fix
// in the credentials first, what goes away by waiting or unlocking later.
const EXIT_URGENCY: readonly number[] = [
  ExitCode.authentication,
  ExitCode.permissions,
  ExitCode.mimecastUnavailable,
  ExitCode.keychain,
  ExitCode.usage,
  ExitCode.internal,
];

const SINGLE_PROFILE_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['api', '--api'],
  ['appId', '--app-id'],
  ['baseUrl', '--base-url'],
  ['credentialsStdin', '--credentials-stdin'],
  ['demo', '--demo'],
];

/**
 * `mimecast-xdr test --all`: checks every stored profile with its own
 * stored values, a few at a time, and prints one summary. A profile that
 * fails in any way becomes that profile's result; the run goes on.
 */
export async function runTestAll(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  ctx.failureFields = { results: [] };
  refuseSingleProfileFlags(options);
  const concurrency = parseConcurrency(options.concurrency);
  const stores = openStores(ctx);
  const profiles = await listProfiles(stores);
  explainIgnoredValues(ctx);

  const outcomes = await checkProfiles(ctx, stores, profiles, concurrency);
  const results = outcomes.map((outcome) => outcome.result);
  printSummary(ctx, outcomes);
  warnOfApi1(ctx, outcomes);
  if (ctx.globals.json) {
    const json: TestAllJson = { ok: allPassed(results), results };
    ctx.output.result(json);
  }
  return exitCodeForAll(results);
}

/** One notice for the whole run, naming the profiles still on API 1.0. */
function warnOfApi1(
  ctx: CommandContext,
  outcomes: readonly ProfileOutcome[],
): void {
  const names = outcomes
    .filter((outcome) => outcome.apiVersion === '1.0')
    .map((outcome) => outcome.result.profile);
  if (names.length === 0) return;

  const which =
    names.length === 1
      ? `Profile ${names[0]} is`
      : `${names.length} profiles are`;
  ctx.output.warn(
    `${which} still on API 1.0. ${api1RetirementNotice(' --profile <name>')}`,
  );
}

/** Reads `--concurrency`: a whole number from 1 to 64. */
export function parseConcurrency(raw: unknown): number {
  const given = typeof raw === 'string' || typeof raw === 'number';
  const text = given ? String(raw).trim() : String(DEFAULT_CONCURRENCY);
  const value = Number(text);
  if (/^\d+$/.test(text) && value >= 1 && value <= MAX_CONCURRENCY) {
    return value;
  }
  throw new CliError({
    code: 'invalid_value',
    field: 'concurrency',
    message: `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not "${text}".`,
    hint: `Pass --concurrency 16, for example, or leave it out for ${DEFAULT_CONCURRENCY}.`,
  });
}

function refuseSingleProfileFlags(options: Record<string, unknown>): void {
  const given = SINGLE_PROFILE_FLAGS.filter(
    ([key]) => options[key] !== undefined && options[key] !== false,
  );
  const [first] = given;
  if (first === undefined) return;

  const flags = given.map(([, flag]) => flag).join(', ');
  throw new CliError({
    code: 'invalid_value',
    field: 'all',
    message: `--all checks each profile with its own stored values, so it cannot be combined with ${flags}.`,
    hint: `Leave out ${first[1]}, or check one profile with \`mimecast-xdr --profile <name> test\`.`,
  });
}

/** Every stored profile, in name order; none is a usage error. */
async function listProfiles(stores: Stores): Promise<ProfileEntry[]> {
  const { profiles } = await stores.config.load();
  const names = Object.keys(profiles).sort();
  if (names.length === 0) {
    throw new CliError({
      code: 'missing_value',
      field: 'profile',
      message: `No profiles are stored in ${stores.config.path}, so there is nothing to check.`,
      hint: 'Create one per tenant with `mimecast-xdr setup --profile <name>`.',
    });
  }
  return names.map((name) => ({ name, settings: profiles[name] ?? {} }));
}

// MIMECAST_* variables describe one tenant; applied to every profile they
// would check the same tenant many times over, so --all never reads them.
function explainIgnoredValues(ctx: CommandContext): void {
  const set = Object.values(VALUE_ENV_VARS).filter(
    (name) => (ctx.io.env[name] ?? '') !== '',
  );
  if (set.length > 0) {
    ctx.output.debug(
      `ignoring ${set.join(', ')}: with --all each profile is checked ` +
        'with its own stored values',
    );
  }
  if (ctx.globals.profileChosen) {
    ctx.output.debug(
      `ignoring the profile "${ctx.globals.profile}": --all checks them all`,
    );
  }
}

async function checkProfiles(
  ctx: CommandContext,
  stores: Stores,
  profiles: readonly ProfileEntry[],
  concurrency: number,
): Promise<ProfileOutcome[]> {
  const policy = createHostPolicy(ctx.io.env);
  const total = profiles.length;
  const spinner = ctx.output.spinner(
    `Checking ${total} profiles, ${Math.min(concurrency, total)} at a time`,
  );
  let done = 0;

  try {
    return await mapConcurrently(profiles, concurrency, async (profile) => {
      const result = await checkOneProfile(ctx, stores, policy, profile);
      done += 1;
      const verdict = result.ok ? 'passed' : 'failed';
      spinner.update(
        `Checked ${done} of ${total} profiles (${profile.name} ${verdict})`,
      );
      return { apiVersion: profile.settings.apiVersion ?? '1.0', result };
    });
  } finally {
    spinner.stop();
  }
}

/**
 * Runs `run` on every item, at most `limit` at a time, and returns the
 * results in the items' order. A slow item holds up only its own slot.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const work = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await run(items[index] as T);
    }
  };

  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, work));
  return results;
}

/** One profile's `test` result; every failure becomes its error. */
async function checkOneProfile(
  ctx: CommandContext,
  stores: Stores,
  policy: HostPolicy,
  { name, settings }: ProfileEntry,
): Promise<TestResultJson> {
  const profileCtx = contextFor(ctx, name);
  const apiVersion = settings.apiVersion ?? '1.0';
  try {
    const { values } = await loadStoredValues(profileCtx, stores, true);
    const { credentials } = resolveCredentials(
      mergeValues([['profile', values]]),
      undefined,
      settings.apiVersion,
      policy,
    );
    const record = { config: stores.config, stored: true };
    const { result } = await testProfile(profileCtx, { credentials, record });
    return result;
  } catch (error) {
    if (!isCliError(error) && error instanceof Error) {
      profileCtx.output.debug(String(error.stack));
    }
    return failedResult(name, apiVersion, describeFailure(error));
  }
}

/**
 * A context for one profile of the run: its name as the profile, verbose
 * lines tagged with it, and no spinner of its own.
 */
function contextFor(ctx: CommandContext, profile: string): CommandContext {
  const output: Output = {
    ...ctx.output,
    debug: (message) => ctx.output.debug(`[${profile}] ${message}`),
    spinner: () => silentSpinner,
  };
  return { ...ctx, globals: { ...ctx.globals, profile }, output };
}

const silentSpinner: Spinner = {
  update: () => {},
  succeed: () => {},
  fail: () => {},
  stop: () => {},
};

/** The result `test --json` prints when a profile fails before any check. */
function failedResult(
  profile: string,
  api: ApiVersion,
  error: ErrorInfo,
): TestResultJson {
  return {
    ok: false,
    profile,
    api,
    baseUrl: null,
    account: null,
    checks: [],
    siemLogs: null,
    error,
  };
}

function allPassed(results: readonly TestResultJson[]): boolean {
  return results.every((result) => result.ok);
}

/**
 * 0 when every profile passed; otherwise the most urgent status any
 * profile had, in the order 3, 4, 5, 6, 2, 1.
 */
export function exitCodeForAll(results: readonly TestResultJson[]): number {
  if (allPassed(results)) return ExitCode.ok;

  const codes = new Set(
    results.map((result) =>
      result.error ? exitCodeFor(result.error.code) : ExitCode.internal,
    ),
  );
  const urgent = EXIT_URGENCY.find((code) => codes.has(code));
  return urgent ?? [...codes][0] ?? ExitCode.internal;
}

const SHORT_FIXES: Record<ErrorCode, (profile: string) => string> = {
  missing_value: (p) => `store the values: mimecast-xdr setup --profile ${p}`,
  invalid_value: (p) => `re-enter the value: mimecast-xdr setup --profile ${p}`,
  host_not_allowed: (p) =>
    `fix the Base URL: mimecast-xdr setup --profile ${p}`,
  config_corrupt: (p) =>
    `fix the stored entry: mimecast-xdr --profile ${p} test`,
  invalid_signature: () => 're-copy the keys; check the Base URL region',
  clock_skew: () => "set this machine's clock (enable NTP)",
  invalid_app_id: () => 'check the Application ID; new ones take 30 minutes',
  keys_expired: (p) => `mimecast-xdr --profile ${p} keys create, then push`,
  invalid_client: () => 'check the Client ID and Client Secret',
  permission_denied: () => "add the missing permissions to the account's role",
  unreachable: () => 'check the network and Base URL; raise --timeout',
  server_error: () => 'Mimecast is failing; try again later',
  rate_limited: () => 'wait a minute: the quota is shared per user',
  keychain_unavailable: () => 'unlock the keychain, or use --insecure-storage',
  xdr_unauthorized: () => 'check the XDR API token',
  xdr_rejected: (p) => `fix what XDR named: mimecast-xdr --profile ${p} push`,
  xdr_unreachable: (p) => `check XDR, then: mimecast-xdr --profile ${p} push`,
  cancelled: () => 'run the command again',
  internal_error: (p) => `rerun: mimecast-xdr --verbose --profile ${p} test`,
};

/** What went wrong, in a few words: the code and the checks or field. */
function describeProblem(result: TestResultJson): string {
  if (!result.error) return '';

  const failed = result.checks.filter((check) => !check.ok);
  if (result.error.code === 'permission_denied' && failed.length > 0) {
    return `permission_denied: ${failed.map((check) => check.id).join(', ')}`;
  }
  const field = result.error.field;
  return field ? `${result.error.code} (${field})` : result.error.code;
}

/**
 * The summary table: one row per profile, the fix under each failure,
 * then a verdict line.
 */
export function renderSummary(
  outcomes: readonly ProfileOutcome[],
  style: Output['style'],
): string[] {
  const width = Math.max(
    'PROFILE'.length,
    ...outcomes.map((outcome) => outcome.result.profile.length),
  );
  const indent = ' '.repeat(width + 15);
  const header = `${'PROFILE'.padEnd(width)}  API  RESULT  PROBLEM`;
  const lines = [style.bold(header)];
  for (const { apiVersion, result } of outcomes) {
    const mark = result.ok ? style.green('pass  ') : style.red('fail  ');
    const start = `${result.profile.padEnd(width)}  ${apiVersion.padEnd(3)}  `;
    lines.push(`${start}${mark}  ${describeProblem(result)}`.trimEnd());
    if (result.error) {
      const fix = SHORT_FIXES[result.error.code](result.profile);
      lines.push(style.dim(`${indent}Fix: ${fix}`));
    }
  }
  lines.push('', verdictLine(outcomes, style));
  return lines;
}

function verdictLine(
  outcomes: readonly ProfileOutcome[],
  style: Output['style'],
): string {
  const total = outcomes.length;
  const failed = outcomes.filter((outcome) => !outcome.result.ok).length;
  const noun = total === 1 ? 'profile' : 'profiles';
  if (failed === 0) return style.green(`All ${total} ${noun} passed.`);
  return style.red(
    `${failed} of ${total} ${noun} failed; ` +
      '`mimecast-xdr --profile <name> test` shows the details of one.',
  );
}

function printSummary(
  ctx: CommandContext,
  outcomes: readonly ProfileOutcome[],
): void {
  for (const line of renderSummary(outcomes, ctx.output.style)) {
    ctx.output.line(line);
  }
}
