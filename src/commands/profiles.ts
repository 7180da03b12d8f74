import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import {
  createFileSecretStore,
  parseProfileName,
} from '../storage/index.js';
import type { LastTestResult, ProfileSettings } from '../storage/types.js';
import type { Style } from '../terminal/output.js';
import {
  createInquirerPrompter,
  type Prompter,
} from '../terminal/prompts.js';
import { openStores, type Stores } from './stores.js';

/** One profile as `profiles list --json` prints it. */
export interface ProfileListEntry {
  name: string;
  apiVersion: '1.0' | '2.0';
  baseUrl: string | null;
  lastTest: LastTestResult | null;
  keysStoredAt: string | null;
  keysVerified: boolean;
}

/** What `profiles remove --json` prints. */
export interface ProfileRemovalJson {
  ok: boolean;
  profile: string;
  removed: { config: boolean; secrets: boolean };
}

/** How to make the first profile, for every "no profiles" message. */
export const CREATE_PROFILE_HINT =
  'Create one per tenant with `mimecast-xdr setup --profile <name>`.';

/**
 * `mimecast-xdr profiles list`: every stored profile with its API version,
 * base URL, last check and the age of its keys. Reads config.json only,
 * never the keychain.
 */
export async function runProfilesList(ctx: CommandContext): Promise<number> {
  const { config } = openStores(ctx);
  const { profiles } = await config.load();
  const entries = Object.keys(profiles)
    .sort()
    .map((name) => toListEntry(name, profiles[name] ?? {}));

  if (ctx.globals.json) ctx.output.result(entries);
  if (entries.length === 0) {
    ctx.output.line(`No profiles are stored in ${config.path}.`);
    ctx.output.line(CREATE_PROFILE_HINT);
    return 0;
  }
  for (const line of renderProfileTable(entries, ctx.output.style)) {
    ctx.output.line(line);
  }
  return 0;
}

/** A profile's settings as `profiles list --json` shows them. */
export function toListEntry(
  name: string,
  settings: ProfileSettings,
): ProfileListEntry {
  return {
    name,
    apiVersion: settings.apiVersion ?? '1.0',
    baseUrl: settings.baseUrl ?? null,
    lastTest: settings.lastTest ?? null,
    keysStoredAt: settings.keysStoredAt ?? null,
    keysVerified: settings.keysVerified === true,
  };
}

/** The `profiles list` table, each column as wide as its widest cell. */
export function renderProfileTable(
  entries: readonly ProfileListEntry[],
  style: Style,
  now: Date = new Date(),
): string[] {
  const header = ['PROFILE', 'API', 'BASE URL', 'LAST CHECK', 'KEYS'];
  const rows = entries.map((entry) => [
    entry.name,
    entry.apiVersion,
    entry.baseUrl ?? '-',
    describeLastTest(entry.lastTest, now),
    entry.keysStoredAt
      ? `${describeAge(entry.keysStoredAt, now)} old`
      : 'none stored',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [style.bold(format(header)), ...rows.map(format)];
}

/** The last check in a few words: "passed 2 hours ago", "never". */
export function describeLastTest(
  lastTest: LastTestResult | null | undefined,
  now: Date = new Date(),
): string {
  if (!lastTest) return 'never';
  const when = `${describeAge(lastTest.at, now)} ago`;
  if (lastTest.ok) return `passed ${when}`;
  return `failed (${lastTest.code ?? 'unknown'}) ${when}`;
}

const AGE_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago `iso` was, in its largest whole unit: "3 days". */
export function describeAge(iso: string, now: Date = new Date()): string {
  const elapsed = now.getTime() - Date.parse(iso);
  if (Number.isNaN(elapsed)) return 'an unknown time';

  for (const [unit, ms] of AGE_UNITS) {
    const count = Math.floor(elapsed / ms);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return 'under a minute';
}

/** What `runProfilesRemove` asks with and removes from; tests replace them. */
export interface RemoveProfileOptions {
  /** The prompter for the confirmation on a terminal. */
  prompter?: Prompter;
  /** The profile's storage; the one the global options name by default. */
  stores?: Stores;
}

/**
 * `mimecast-xdr profiles remove <name>`: removes the profile's secrets,
 * then its settings. On a terminal it asks first; elsewhere `--yes` must
 * say so. When the secrets cannot be removed the settings stay, so the
 * profile still shows in `profiles list` and the removal can be retried.
 */
export async function runProfilesRemove(
  ctx: CommandContext,
  options: Record<string, unknown>,
  args: string[],
  removeOptions: RemoveProfileOptions = {},
): Promise<number> {
  const name = parseProfileName(args[0] ?? '');
  ctx.failureFields = { profile: name, removed: noneRemoved() };
  const stores = removeOptions.stores ?? openStores(ctx);
  if (!(await stores.config.getProfile(name))) throw unknownProfile(name);

  if (options.yes !== true) await confirmRemoval(ctx, name, removeOptions);
  const places = await removeSecrets(ctx, stores, name);
  const config = await stores.config.removeProfile(name);

  ctx.output.line(describeRemoval(name, places, stores.config.path));
  const json: ProfileRemovalJson = {
    ok: true,
    profile: name,
    removed: { config, secrets: places.length > 0 },
  };
  if (ctx.globals.json) ctx.output.result(json);
  return 0;
}

function noneRemoved(): ProfileRemovalJson['removed'] {
  return { config: false, secrets: false };
}

function unknownProfile(name: string): CliError {
  return new CliError({
    code: 'invalid_value',
    field: 'profile',
    message: `There is no profile named "${name}".`,
    hint: '`mimecast-xdr profiles list` shows the stored profiles.',
  });
}

async function confirmRemoval(
  ctx: CommandContext,
  name: string,
  options: RemoveProfileOptions,
): Promise<void> {
  if (ctx.globals.nonInteractive) {
    throw new CliError({
      code: 'missing_value',
      field: 'yes',
      message: `Removing profile "${name}" needs a confirmation, and there is no terminal to ask on.`,
      hint: `Pass --yes to remove it: mimecast-xdr profiles remove ${name} --yes`,
    });
  }

  const prompter =
    options.prompter ??
    createInquirerPrompter({ input: ctx.io.stdin, output: ctx.io.stderr });
  const confirmed = await prompter.confirm({
    message: `Remove profile "${name}", its settings and its stored secrets?`,
    default: false,
  });
  if (confirmed) return;

  throw new CliError({
    code: 'cancelled',
    message: `Nothing was removed: profile "${name}" stays as it was.`,
    hint: `Answer yes to remove it, or pass --yes: mimecast-xdr profiles remove ${name} --yes`,
  });
}

/**
 * Deletes the secrets from the store in use and, without
 * --insecure-storage, from credentials.json as well, so that no copy
 * outlives the profile. Returns the places that held some.
 */
async function removeSecrets(
  ctx: CommandContext,
  stores: Stores,
  name: string,
): Promise<string[]> {
  const fileName = `${stores.configDir}/credentials.json`;
  const inUse =
    stores.secrets.kind === 'keychain' ? 'the OS keychain' : fileName;
  const places = (await stores.secrets.delete(name)) ? [inUse] : [];
  if (ctx.globals.insecureStorage) return places;

  const file = createFileSecretStore(stores.configDir);
  if (await file.delete(name)) places.push(fileName);
  return places;
}

function describeRemoval(
  name: string,
  places: readonly string[],
  configPath: string,
): string {
  const secrets =
    places.length > 0
      ? `its secrets from ${places.join(' and ')}`
      : 'it had no stored secrets';
  return `Removed profile "${name}": its settings from ${configPath}; ${secrets}.`;
}
