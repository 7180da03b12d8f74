import { z } from 'zod';
import type { ApiVersion, ValueName } from '../credentials.js';
import type {
  ProfileSecrets,
  ProfileSettings,
  SetupProgress,
} from '../storage/types.js';
import { stepsFor } from './api2-steps.js';
import type { SetupStep } from './steps.js';
import type { KnownValues, WizardContext } from './types.js';

/** Every value the walk gathers, each possibly not known yet. */
export interface WizardValues extends KnownValues {
  /** ISO 8601 time the API application was created. */
  applicationCreatedAt?: string | undefined;
}

/** The saved progress as the wizard writes it. */
export type WizardProgress = SetupProgress;

const pendingMoveSchema = z.object({
  completedSteps: z.array(z.number().int()),
  skippedSteps: z.array(z.number().int()),
  clientId: z.string().optional(),
  baseUrl: z.string().optional(),
  updatedAt: z.string(),
});

/** What the profile holds for the other API: left as it was found. */
interface KeptForOtherApi {
  secrets: ProfileSecrets;
  progress: Partial<WizardProgress>;
}

/** Where one walk stands: its values and which steps are behind it. */
export interface WizardState {
  /** The API this walk sets up. */
  api: ApiVersion;
  /** The steps of this API's walk. */
  steps: readonly SetupStep[];
  values: WizardValues;
  completed: Set<number>;
  skipped: Set<number>;
  /** The admin agreed to keep the service account's password. */
  keepPassword: boolean;
  /** When this walk's progress was saved before; undefined if never. */
  savedAt: string | undefined;
  /**
   * An API 2.0 walk on a profile holding API 1.0 values: those stay, and
   * the profile stays 1.0, until the 2.0 values pass the checks.
   */
  movingFrom1: boolean;
  kept: KeptForOtherApi;
  /** What storage holds now, to tell whether the values changed. */
  stored: StoredSnapshot;
}

/** The last values written, and whether they had passed the checks. */
interface StoredSnapshot {
  credentials: string;
  secrets: string;
  verified: boolean;
}

/** The values the checks take, per API. */
export const CHECKED_VALUES: Record<ApiVersion, readonly ValueName[]> = {
  '1.0': ['appId', 'appKey', 'accessKey', 'secretKey', 'baseUrl'],
  '2.0': ['clientId', 'clientSecret', 'baseUrl'],
};

/** What a profile holds when the walk starts. */
export interface StoredProfile {
  settings: ProfileSettings;
  secrets: ProfileSecrets;
}

/** Reads the profile's settings, saved progress and secrets. */
export async function readStoredProfile(
  ctx: WizardContext,
): Promise<StoredProfile> {
  const settings = (await ctx.config.getProfile(ctx.profile)) ?? {};
  const secrets = (await ctx.secrets.get(ctx.profile)) ?? {};
  return { settings, secrets };
}

/** True when the profile holds anything of an API 1.0 setup. */
export function holdsApi1Setup({ settings, secrets }: StoredProfile): boolean {
  if (settings.apiVersion === '2.0') return false;
  const { appKey, accessKey, secretKey } = secrets;
  const values = [settings.appId, appKey, accessKey, secretKey];
  return values.some((v) => v !== undefined) || settings.setup !== undefined;
}

/**
 * Builds the walk's state from what the admin gave this run (which wins)
 * and what the profile already holds for the chosen API.
 */
export function buildWizardState(
  ctx: WizardContext,
  profile: StoredProfile,
  api: ApiVersion,
): WizardState {
  const movingFrom1 = api === '2.0' && holdsApi1Setup(profile);
  const own =
    api === '2.0' ? api2Part(profile, movingFrom1) : api1Part(profile);
  const values = { ...own.values, ...definedOnly(ctx.known) };
  const secrets = Object.entries(definedOnly(profile.secrets)).sort();

  return {
    api,
    steps: stepsFor(api),
    values,
    completed: new Set(own.marks?.completedSteps ?? []),
    skipped: new Set(own.marks?.skippedSteps ?? []),
    keepPassword: own.keepPassword,
    savedAt: own.marks?.updatedAt,
    movingFrom1,
    kept: own.kept,
    stored: {
      credentials: fingerprintCredentials(api, own.values),
      secrets: fingerprint(secrets),
      verified: own.verified,
    },
  };
}

/** One API's share of the stored profile. */
interface OwnPart {
  values: WizardValues;
  marks: Pick<SetupProgress, 'completedSteps' | 'skippedSteps' | 'updatedAt'>
    | undefined;
  keepPassword: boolean;
  verified: boolean;
  kept: KeptForOtherApi;
}

function api1Part({ settings, secrets }: StoredProfile): OwnPart {
  const isApi1 = settings.apiVersion !== '2.0';
  const { api2, ...progress } = (settings.setup ?? {}) as WizardProgress;
  return {
    values: definedOnly({
      ...sharedValues(settings, secrets),
      appId: settings.appId,
      appKey: secrets.appKey,
      accessKey: secrets.accessKey,
      secretKey: secrets.secretKey,
      baseUrl: isApi1 ? settings.baseUrl : undefined,
      email: progress.serviceAccountEmail,
      password: secrets.serviceAccountPassword,
      applicationCreatedAt: progress.applicationCreatedAt,
    }),
    marks: isApi1 ? settings.setup : undefined,
    keepPassword: secrets.serviceAccountPassword !== undefined,
    verified: isApi1 && settings.keysVerified === true,
    kept: {
      secrets: definedOnly({ clientSecret: secrets.clientSecret }),
      progress: definedOnly({ api2 }),
    },
  };
}

function api2Part(
  { settings, secrets }: StoredProfile,
  movingFrom1: boolean,
): OwnPart {
  const { api2, ...progress } = (settings.setup ?? {}) as WizardProgress;
  const pending = pendingMoveSchema.safeParse(api2);
  const move = movingFrom1 && pending.success ? pending.data : undefined;
  const own = movingFrom1 ? move : settings;
  const isApi2 = settings.apiVersion === '2.0';
  return {
    values: definedOnly({
      ...sharedValues(settings, secrets),
      clientId: own?.clientId,
      clientSecret: secrets.clientSecret,
      baseUrl: movingFrom1 || isApi2 ? own?.baseUrl : undefined,
    }),
    marks: movingFrom1 ? move : isApi2 ? settings.setup : undefined,
    keepPassword: false,
    verified: isApi2 && settings.keysVerified === true,
    kept: {
      secrets: movingFrom1
        ? definedOnly({
            appKey: secrets.appKey,
            accessKey: secrets.accessKey,
            secretKey: secrets.secretKey,
            serviceAccountPassword: secrets.serviceAccountPassword,
          })
        : {},
      progress: movingFrom1 ? progress : {},
    },
  };
}

function sharedValues(
  settings: ProfileSettings,
  secrets: ProfileSecrets,
): WizardValues {
  return { xdrEndpoint: settings.xdrEndpoint, xdrToken: secrets.xdrToken };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries) as Partial<T>;
}

function fingerprintCredentials(api: ApiVersion, values: WizardValues): string {
  return fingerprint(CHECKED_VALUES[api].map((name) => values[name]));
}

function fingerprint(parts: unknown[]): string {
  return JSON.stringify(parts);
}

/**
 * The secrets to store: this walk's, the XDR token, and, untouched, the
 * other API's (the 1.0 keys stay while a move to 2.0 is unverified). The
 * service account's password is kept only when the admin opted in.
 */
export function secretsOf(state: WizardState): ProfileSecrets {
  const { values } = state;
  const own: ProfileSecrets =
    state.api === '2.0'
      ? { clientSecret: values.clientSecret }
      : {
          appKey: values.appKey,
          accessKey: values.accessKey,
          secretKey: values.secretKey,
          serviceAccountPassword: state.keepPassword
            ? values.password
            : undefined,
        };
  return definedOnly({
    ...state.kept.secrets,
    ...own,
    xdrToken: values.xdrToken,
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
  const next = state.steps.find(
    (step) => step.number > after && !isStepFinished(state, step.number),
  );
  return next?.number ?? 'check';
}

/** The step with this number in the state's walk. */
export function stepOf(state: WizardState, number: number): SetupStep {
  const step = state.steps.find((s) => s.number === number);
  if (!step) throw new Error(`There is no setup step ${number}.`);
  return step;
}

function marksOf(state: WizardState) {
  const sorted = (steps: Set<number>) => [...steps].sort((a, b) => a - b);
  return {
    completedSteps: sorted(state.completed),
    skippedSteps: sorted(state.skipped),
  };
}

function progressOf(ctx: WizardContext, state: WizardState): WizardProgress {
  const updatedAt = ctx.now().toISOString();
  if (state.movingFrom1) {
    const { clientId, baseUrl } = state.values;
    const api2 = { ...marksOf(state), ...definedOnly({ clientId, baseUrl }) };
    return {
      completedSteps: [],
      skippedSteps: [],
      ...state.kept.progress,
      api2: { ...api2, updatedAt },
      updatedAt,
    };
  }

  return {
    ...state.kept.progress,
    ...marksOf(state),
    ...(state.api === '1.0'
      ? definedOnly({
          applicationCreatedAt: state.values.applicationCreatedAt,
          serviceAccountEmail: state.values.email,
        })
      : {}),
    updatedAt,
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
 *
 * While a move from API 1.0 is unverified, only the pending 2.0 values are
 * written (under `setup.api2`, and the Client Secret beside the 1.0 keys).
 * Once its checks pass, the 2.0 values replace the 1.0 ones.
 */
export async function saveProgress(
  ctx: WizardContext,
  state: WizardState,
  extras: SaveExtras = {},
): Promise<void> {
  if (state.movingFrom1 && extras.verified === true) finishMove(state);
  const secrets = secretsOf(state);
  const next = {
    credentials: fingerprintCredentials(state.api, state.values),
    secrets: fingerprint(Object.entries(secrets).sort()),
    verified: false,
  };
  const secretsChanged = next.secrets !== state.stored.secrets;
  const unchanged = next.credentials === state.stored.credentials;
  next.verified = extras.verified ?? (unchanged && state.stored.verified);

  if (secretsChanged) await ctx.secrets.set(ctx.profile, secrets);
  await ctx.config.updateProfile(ctx.profile, {
    ...settingsOf(state, extras),
    ...(secretsChanged && !state.movingFrom1
      ? { keysStoredAt: ctx.now().toISOString() }
      : {}),
    ...(state.movingFrom1 ? {} : { keysVerified: next.verified }),
    setup: progressOf(ctx, state),
  });
  state.stored = next;
}

/** The 2.0 values passed: the 1.0 values and progress are let go. */
function finishMove(state: WizardState): void {
  state.movingFrom1 = false;
  state.kept = { secrets: {}, progress: {} };
}

function settingsOf(
  state: WizardState,
  extras: SaveExtras,
): Partial<ProfileSettings> {
  const { values } = state;
  const shared = definedOnly({
    xdrEndpoint: values.xdrEndpoint,
    lastTest: state.movingFrom1 ? undefined : extras.lastTest,
  });
  if (state.movingFrom1) return shared;

  const own =
    state.api === '2.0'
      ? { clientId: values.clientId, appId: undefined }
      : definedOnly({ appId: values.appId });
  return {
    apiVersion: state.api,
    ...own,
    ...definedOnly({ baseUrl: values.baseUrl }),
    ...shared,
  };
}
