import type { MimecastCredentials } from '../credentials.js';
import type {
  ProfileSecrets,
  ProfileSettings,
  SetupProgress,
} from '../storage/types.js';
import { SETUP_STEPS } from './steps.js';
import type { KnownValues, WizardContext } from './types.js';

/** Every value the walk gathers, each possibly not known yet. */
export interface WizardValues extends KnownValues {
  /** ISO 8601 time the API application was created. */
  applicationCreatedAt?: string | undefined;
}

/** Where one walk stands: its values and which steps are behind it. */
export interface WizardState {
  values: WizardValues;
  completed: Set<number>;
  skipped: Set<number>;
  /** The admin agreed to keep the service account's password. */
  keepPassword: boolean;
  /** Progress was found in the config when the walk started. */
  savedProgress: SetupProgress | undefined;
  /** What storage holds now, to tell whether the values changed. */
  stored: StoredSnapshot;
}

/** The last values written, and whether they had passed the checks. */
interface StoredSnapshot {
  credentials: string;
  secrets: string;
  verified: boolean;
}

const CREDENTIAL_NAMES = [
  'appId',
  'appKey',
  'accessKey',
  'secretKey',
  'baseUrl',
] as const satisfies readonly (keyof MimecastCredentials)[];

/**
 * Builds the walk's state from what the admin gave this run (which wins)
 * and what the profile already holds: settings, secrets, saved progress.
 */
export async function loadWizardState(
  ctx: WizardContext,
): Promise<WizardState> {
  const settings = (await ctx.config.getProfile(ctx.profile)) ?? {};
  const secrets = (await ctx.secrets.get(ctx.profile)) ?? {};
  const progress = settings.setup;

  const stored = storedValues(settings, secrets);
  const values = { ...stored, ...definedOnly(ctx.known) };
  return {
    values,
    completed: new Set(progress?.completedSteps ?? []),
    skipped: new Set(progress?.skippedSteps ?? []),
    keepPassword: secrets.serviceAccountPassword !== undefined,
    savedProgress: progress,
    stored: snapshotOf(stored, secrets, settings.keysVerified === true),
  };
}

function storedValues(
  settings: ProfileSettings,
  secrets: ProfileSecrets,
): WizardValues {
  return definedOnly({
    appId: settings.appId,
    appKey: secrets.appKey,
    accessKey: secrets.accessKey,
    secretKey: secrets.secretKey,
    baseUrl: settings.baseUrl,
    xdrEndpoint: settings.xdrEndpoint,
    xdrToken: secrets.xdrToken,
    email: settings.setup?.serviceAccountEmail,
    password: secrets.serviceAccountPassword,
    applicationCreatedAt: settings.setup?.applicationCreatedAt,
  });
}

function definedOnly<T extends object>(values: T): Partial<T> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries) as Partial<T>;
}

function snapshotOf(
  values: WizardValues,
  secrets: ProfileSecrets,
  verified: boolean,
): StoredSnapshot {
  return {
    credentials: fingerprint(CREDENTIAL_NAMES.map((name) => values[name])),
    secrets: fingerprint(Object.entries(definedOnly(secrets)).sort()),
    verified,
  };
}

function fingerprint(parts: unknown[]): string {
  return JSON.stringify(parts);
}

/** The secrets to store: the password only when the admin opted in. */
export function secretsOf(state: WizardState): ProfileSecrets {
  const { values } = state;
  return definedOnly({
    appKey: values.appKey,
    accessKey: values.accessKey,
    secretKey: values.secretKey,
    xdrToken: values.xdrToken,
    serviceAccountPassword: state.keepPassword ? values.password : undefined,
  });
}

/** True once a step is behind the admin, done or skipped. */
export function isStepFinished(state: WizardState, step: number): boolean {
  return state.completed.has(step) || state.skipped.has(step);
}

/** The first step not done or skipped, or 'check' when none is left. */
export function firstUnfinishedStep(state: WizardState): number | 'check' {
  return nextUnfinishedStep(state, 0);
}

/** The first unfinished step after `after`, or 'check'. */
export function nextUnfinishedStep(
  state: WizardState,
  after: number,
): number | 'check' {
  const next = SETUP_STEPS.find(
    (step) => step.number > after && !isStepFinished(state, step.number),
  );
  return next?.number ?? 'check';
}

function progressOf(ctx: WizardContext, state: WizardState): SetupProgress {
  const sorted = (steps: Set<number>) => [...steps].sort((a, b) => a - b);
  return {
    completedSteps: sorted(state.completed),
    skippedSteps: sorted(state.skipped),
    ...definedOnly({
      applicationCreatedAt: state.values.applicationCreatedAt,
      serviceAccountEmail: state.values.email,
    }),
    updatedAt: ctx.now().toISOString(),
  };
}

/** Extra settings a save may carry, such as the verdict of the checks. */
export type SaveExtras = Pick<ProfileSettings, 'lastTest'> & {
  /** The checks passed on exactly these values. */
  verified?: boolean;
};

/**
 * Writes where the walk stands: step marks and non-secret values to the
 * config, secrets to the secret store. Secrets are written only when they
 * changed, and values that changed count as unverified until checked.
 */
export async function saveProgress(
  ctx: WizardContext,
  state: WizardState,
  extras: SaveExtras = {},
): Promise<void> {
  const secrets = secretsOf(state);
  const next = snapshotOf(state.values, secrets, false);
  const secretsChanged = next.secrets !== state.stored.secrets;
  const unchanged = next.credentials === state.stored.credentials;
  next.verified = extras.verified ?? (unchanged && state.stored.verified);

  if (secretsChanged) await ctx.secrets.set(ctx.profile, secrets);
  await ctx.config.updateProfile(ctx.profile, {
    apiVersion: '1.0',
    ...definedOnly({
      appId: state.values.appId,
      baseUrl: state.values.baseUrl,
      xdrEndpoint: state.values.xdrEndpoint,
      lastTest: extras.lastTest,
    }),
    ...(secretsChanged ? { keysStoredAt: ctx.now().toISOString() } : {}),
    keysVerified: next.verified,
    setup: progressOf(ctx, state),
  });
  state.stored = next;
}
