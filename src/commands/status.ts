import type { CommandContext } from '../context.js';
import type { LastTestResult, ProfileSettings } from '../storage/types.js';
import type { Output } from '../terminal/output.js';
import {
  API2_SETUP_STEP_TITLES,
  SETUP_STEP_TITLES,
} from '../wizard/step-titles.js';
import {
  CREATE_PROFILE_HINT,
  describeAge,
  describeLastTest,
} from './profiles.js';
import { openStores } from './stores.js';

/** Why a profile needs attention, by a stable code. */
export type StatusWarningCode =
  | 'api_1_retiring'
  | 'last_check_failed'
  | 'never_checked'
  | 'keys_unverified'
  | 'setup_unfinished';

/** One thing to look at on a profile. */
export interface StatusWarning {
  code: StatusWarningCode;
  message: string;
}

/** One profile as `status --json` shows it. */
export interface ProfileStatus {
  name: string;
  apiVersion: '1.0' | '2.0';
  baseUrl: string | null;
  lastTest: LastTestResult | null;
  warnings: StatusWarning[];
}

/** What `status --json` prints; `ok` is true when nothing needs a look. */
export interface StatusJson {
  ok: boolean;
  profiles: ProfileStatus[];
}

/**
 * `mimecast-xdr status`: every profile with what needs attention, from
 * config.json alone: no request is sent and the keychain is not read. It
 * informs, so it exits 0 whatever it finds.
 */
export async function runStatus(ctx: CommandContext): Promise<number> {
  const { config } = openStores(ctx);
  const { profiles } = await config.load();
  const now = new Date();
  const statuses = Object.keys(profiles)
    .sort()
    .map((name) => describeStatus(name, profiles[name] ?? {}, now));

  const json: StatusJson = {
    ok: statuses.every((status) => status.warnings.length === 0),
    profiles: statuses,
  };
  if (ctx.globals.json) ctx.output.result(json);
  if (statuses.length === 0) {
    ctx.output.line(`No profiles are stored in ${config.path}.`);
    ctx.output.line(CREATE_PROFILE_HINT);
    return 0;
  }
  printStatuses(ctx.output, statuses, now);
  return 0;
}

/** A profile's settings and the warnings they call for. */
export function describeStatus(
  name: string,
  settings: ProfileSettings,
  now: Date = new Date(),
): ProfileStatus {
  return {
    name,
    apiVersion: settings.apiVersion ?? '1.0',
    baseUrl: settings.baseUrl ?? null,
    lastTest: settings.lastTest ?? null,
    warnings: findWarnings(name, settings, now),
  };
}

/** Every warning a profile's settings call for, most pressing first. */
export function findWarnings(
  name: string,
  settings: ProfileSettings,
  now: Date = new Date(),
): StatusWarning[] {
  const warnings: StatusWarning[] = [];
  const add = (code: StatusWarningCode, message: string) =>
    warnings.push({ code, message });

  if ((settings.apiVersion ?? '1.0') === '1.0') {
    add(
      'api_1_retiring',
      `Mimecast is retiring API 1.0; move with \`mimecast-xdr setup --api 2 --profile ${name}\`.`,
    );
  }
  const last = settings.lastTest;
  if (last && !last.ok) {
    add('last_check_failed', describeFailedCheck(name, last, now));
  } else if (!last) {
    add(
      'never_checked',
      `The credentials were never checked; run \`mimecast-xdr --profile ${name} test\`.`,
    );
  }
  if (settings.keysVerified !== true) {
    add('keys_unverified', describeUnverifiedKeys(name, settings));
  }
  const missing = missingSetupSteps(settings);
  if (missing.length > 0) {
    const total = stepTitlesFor(settings).length;
    add('setup_unfinished', describeUnfinishedSetup(name, missing, total));
  }
  return warnings;
}

function describeUnfinishedSetup(
  name: string,
  missing: number[],
  total: number,
): string {
  const noun = missing.length === 1 ? 'step' : 'steps';
  const steps = `${noun} ${missing.join(', ')}`;
  return `Setup is unfinished: ${steps} of ${total} not done yet; run \`mimecast-xdr setup --profile ${name}\` to carry on.`;
}

function describeFailedCheck(
  name: string,
  last: LastTestResult,
  now: Date,
): string {
  const code = last.code ?? 'an unknown error';
  const when = `${describeAge(last.at, now)} ago (${last.at})`;
  return `The last check failed with ${code}, ${when}; run \`mimecast-xdr --profile ${name} test\` for the details.`;
}

function describeUnverifiedKeys(
  name: string,
  settings: ProfileSettings,
): string {
  if (settings.keysStoredAt === undefined) {
    return `No keys have been stored and checked yet; run \`mimecast-xdr setup --profile ${name}\`.`;
  }
  return `The stored keys have never passed the checks; run \`mimecast-xdr --profile ${name} test\`.`;
}

/** Setup steps neither done nor skipped, when a walk was started. */
function missingSetupSteps(settings: ProfileSettings): number[] {
  const setup = settings.setup;
  if (!setup) return [];

  const settled = new Set([...setup.completedSteps, ...setup.skippedSteps]);
  return stepTitlesFor(settings)
    .map((_title, index) => index + 1)
    .filter((step) => !settled.has(step));
}

/** A 2.0 setup walks three steps, a 1.0 setup nine. */
function stepTitlesFor(settings: ProfileSettings): readonly string[] {
  return settings.apiVersion === '2.0'
    ? API2_SETUP_STEP_TITLES
    : SETUP_STEP_TITLES;
}

function printStatuses(
  output: Output,
  statuses: readonly ProfileStatus[],
  now: Date,
): void {
  const { style } = output;
  for (const status of statuses) {
    const where = status.baseUrl ?? 'no base URL';
    output.line(
      `${style.bold(status.name)}  API ${status.apiVersion}  ${where}  ` +
        `last check: ${describeLastTest(status.lastTest, now)}`,
    );
    for (const warning of status.warnings) {
      output.line(`  ${style.yellow('!')} ${warning.message}`);
    }
    if (status.warnings.length === 0) {
      output.line(`  ${style.green('✔')} nothing needs attention`);
    }
  }

  const count = statuses.reduce((sum, s) => sum + s.warnings.length, 0);
  output.line('');
  output.line(
    `${plural(statuses.length, 'profile')}, ${plural(count, 'warning')}.`,
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
