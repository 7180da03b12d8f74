import type { CommandContext } from '../context.js';
import {
  isApi2Credentials,
  type RawValues,
  type XdrTarget,
} from '../credentials.js';
import { CliError, exitCodeFor, ExitCode } from '../errors.js';
import type { ChecksReport } from '../mimecast/checks.js';
import type { ProfileSecrets, ProfileSettings } from '../storage/types.js';
import { parseValue } from '../values.js';
import {
  chooseApi,
  CHECK_VALUES,
  parseChosenCredentials,
  type AnyCredentials,
} from './api-choice.js';
import {
  checkCredentials,
  emptyTestFields,
  printReport,
  toTestJson,
} from './check-credentials.js';
import { requireValues } from './gather-values.js';
import {
  createServiceKeys,
  discoverLogin,
  keepNewKeys,
  resolveEmail,
  type ServiceLogin,
} from './service-login.js';
import { openSession, type Session } from './session.js';
import {
  parseXdrTarget,
  printDashboardValues,
  pushValues,
} from './xdr-push.js';

/**
 * `mimecast-xdr setup`. On a terminal it walks the admin through the
 * console steps; with `--non-interactive` (or no terminal) it takes every
 * value from flags, environment and stdin, runs the checks, stores the
 * values only when they pass, then pushes them when XDR is configured.
 */
export async function runSetup(
  ctx: CommandContext,
  options: Record<string, unknown>,
): Promise<number> {
  if (!ctx.globals.nonInteractive) {
    const { runInteractiveSetup } = await import('./setup-interactive.js');
    return runInteractiveSetup(ctx, options);
  }

  ctx.failureFields = {
    ...emptyTestFields(),
    stored: false,
    pushed: false,
    keysCreated: false,
  };
  const session = await openSession(ctx, options, CHECK_VALUES);
  try {
    return await setUpFromValues(ctx, session, options);
  } finally {
    await session.close();
  }
}

async function setUpFromValues(
  ctx: CommandContext,
  session: Session,
  options: Record<string, unknown>,
): Promise<number> {
  const storedVersion = session.settings?.apiVersion;
  const choice = chooseApi(session.gathered, options.api, storedVersion);
  ctx.failureFields = { ...ctx.failureFields, api: choice.version };
  const email = await resolveEmail(ctx, options, session, {
    fromProfile: false,
  });
  const { values, keysCreated } =
    choice.version === '1.0'
      ? await completeValues(ctx, session, email)
      : { values: session.gathered.values, keysCreated: false };
  const credentials = parseChosenCredentials(
    { ...session.gathered, values },
    choice,
    session.policy,
    storedVersion,
  );
  const target =
    values.xdrEndpoint === undefined
      ? undefined
      : parseXdrTarget(values, session.policy);

  ctx.output.line(
    `Checking the values at ${credentials.baseUrl} ` +
      `(Mimecast API ${choice.version}, ${choice.reason})`,
  );
  const report = await checkCredentials(ctx, credentials);
  printReport(ctx, report);
  const json = {
    ...toTestJson(ctx.globals.profile, credentials, report),
    keysCreated,
  };
  if (report.error) {
    ctx.output.line(
      keysCreated
        ? 'Only the new keys were stored, marked unverified; nothing else ' +
            'changed.'
        : 'Nothing was stored: the values stay as they were.',
    );
    if (storedVersion === '1.0' && choice.version === '2.0') {
      ctx.output.line('The profile keeps its API 1.0 values, which still work.');
    }
    if (ctx.globals.json) {
      ctx.output.result({ ...json, stored: false, pushed: false });
    }
    return exitCodeFor(report.error.code);
  }

  await storeVerifiedProfile(ctx, session, credentials, target, report);
  if (email !== undefined) await rememberEmail(ctx, session, email);
  ctx.failureFields = { ...json, ok: false, stored: true, pushed: false };
  if (target) {
    await pushValues(ctx, target, credentials);
  } else {
    printDashboardValues(ctx, credentials);
  }
  if (ctx.globals.json) {
    ctx.output.result({ ...json, stored: true, pushed: target !== undefined });
  }
  return ExitCode.ok;
}

/**
 * With the service account's address (`--email` or MIMECAST_EMAIL), fills
 * in what is missing: the base URL by discovery, the keys by logging in
 * with MIMECAST_PASSWORD. New keys are stored at once, unverified.
 */
async function completeValues(
  ctx: CommandContext,
  session: Session,
  email: string | undefined,
): Promise<{ values: RawValues; keysCreated: boolean }> {
  const { values } = session.gathered;
  const needsBaseUrl = values.baseUrl === undefined;
  const needsKeys =
    values.accessKey === undefined || values.secretKey === undefined;
  if (email === undefined || (!needsBaseUrl && !needsKeys)) {
    return { values, keysCreated: false };
  }

  requireValues(values, ['appId', 'appKey']);
  const appId = parseValue('appId', values.appId ?? '', session.policy);
  const appKey = parseValue('appKey', values.appKey ?? '', session.policy);
  const password = needsKeys ? requirePassword(ctx) : undefined;
  const login = await findLogin(ctx, session, { appId, email }, values);
  const completed = { ...values, baseUrl: login.baseUrl };
  if (password === undefined) return { values: completed, keysCreated: false };

  const keys = await createServiceKeys(ctx, login, password);
  await keepNewKeys(ctx, session, keys, appKey);
  const { accessKey, secretKey } = keys;
  return { values: { ...completed, accessKey, secretKey }, keysCreated: true };
}

function findLogin(
  ctx: CommandContext,
  session: Session,
  account: { appId: string; email: string },
  values: RawValues,
): Promise<ServiceLogin> | ServiceLogin {
  if (values.baseUrl === undefined) {
    return discoverLogin(ctx, session, account);
  }
  const baseUrl = parseValue('baseUrl', values.baseUrl, session.policy);
  return { ...account, baseUrl, loginType: 'Basic-Cloud' };
}

/** Keeps the service account's address for `keys create` and `setup`. */
async function rememberEmail(
  ctx: CommandContext,
  session: Session,
  email: string,
): Promise<void> {
  const { config } = session.stores;
  const settings = await config.getProfile(ctx.globals.profile);
  const updatedAt = new Date().toISOString();
  const progress = settings?.setup ?? { completedSteps: [], skippedSteps: [] };
  await config.updateProfile(ctx.globals.profile, {
    setup: { ...progress, serviceAccountEmail: email, updatedAt },
  });
}

function requirePassword(ctx: CommandContext): string {
  const password = ctx.io.env.MIMECAST_PASSWORD;
  if (password === undefined || password === '') {
    throw new CliError({
      code: 'missing_value',
      field: 'password',
      message:
        "No password was given for the service account, so the Access Key " +
        'and Secret Key cannot be created.',
      hint:
        "Set MIMECAST_PASSWORD to the service account's password, or give " +
        'the keys in MIMECAST_ACCESS_KEY and MIMECAST_SECRET_KEY.',
    });
  }
  ctx.registerSecret(password);
  return password;
}

/**
 * Writes a profile whose values passed the checks: secrets first, so the
 * config never claims keys the keychain does not hold.
 */
export async function storeVerifiedProfile(
  ctx: CommandContext,
  session: Session,
  credentials: AnyCredentials,
  target: XdrTarget | undefined,
  report: ChecksReport,
): Promise<void> {
  const profile = ctx.globals.profile;
  const token = target ? { xdrToken: target.token } : {};
  await session.stores.secrets.set(profile, {
    ...secretsOf(credentials),
    ...token,
  });

  const now = new Date().toISOString();
  await session.stores.config.updateProfile(profile, {
    ...settingsOf(credentials),
    baseUrl: credentials.baseUrl,
    ...(target ? { xdrEndpoint: target.endpoint } : {}),
    keysStoredAt: now,
    keysVerified: true,
    lastTest: { ok: report.ok, at: now },
  });

  const moved =
    session.settings?.apiVersion === '1.0' && isApi2Credentials(credentials);
  ctx.output.line(
    `Stored profile "${profile}" (secrets in the ${describeStore(session)}).` +
      (moved ? ' It now uses API 2.0; its API 1.0 values are removed.' : ''),
  );
}

/** The secrets to store: only the chosen API's, so a move drops the rest. */
function secretsOf(credentials: AnyCredentials): ProfileSecrets {
  if (isApi2Credentials(credentials)) {
    return { clientSecret: credentials.clientSecret };
  }
  const { appKey, accessKey, secretKey } = credentials;
  return { appKey, accessKey, secretKey };
}

/** The API's settings; the other API's ID is cleared (undefined removes). */
function settingsOf(credentials: AnyCredentials): Partial<ProfileSettings> {
  return isApi2Credentials(credentials)
    ? { apiVersion: '2.0', clientId: credentials.clientId, appId: undefined }
    : { apiVersion: '1.0', appId: credentials.appId, clientId: undefined };
}

function describeStore(session: Session): string {
  return session.stores.secrets.kind === 'keychain'
    ? 'OS keychain'
    : `file ${session.stores.configDir}/credentials.json`;
}
