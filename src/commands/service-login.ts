import type { CommandContext } from '../context.js';
import { CliError, isCliError } from '../errors.js';
import { discoverAuthentication } from '../mimecast/discovery.js';
import {
  createKeys,
  type CreatedKeys,
  type LoginType,
} from '../mimecast/login.js';
import { parseEmail, parseValue } from '../values.js';
import { discoveryUrlFor } from './discovery-url.js';
import type { Session } from './session.js';

/** What the key-creation login needs beside the password. */
export interface ServiceLogin {
  baseUrl: string;
  appId: string;
  /** The service account's email address. */
  email: string;
  loginType: LoginType;
}

/**
 * The service account's email address, checked: `--email`, then
 * MIMECAST_EMAIL, then the demo's account, then (unless `fromProfile` is
 * false) the one setup saved on the profile.
 */
export async function resolveEmail(
  ctx: CommandContext,
  options: Record<string, unknown>,
  session: Session,
  sources: { fromProfile?: boolean } = {},
): Promise<string | undefined> {
  const fromFlag = typeof options.email === 'string' ? options.email : '';
  const fromEnv = ctx.io.env.MIMECAST_EMAIL ?? '';
  const given = fromFlag || fromEnv || session.demo?.email;
  if (given) return parseEmail(given);
  if (sources.fromProfile === false) return undefined;

  const settings = await session.stores.config.getProfile(ctx.globals.profile);
  const saved = settings?.setup?.serviceAccountEmail;
  return saved === undefined ? undefined : parseEmail(saved);
}

/**
 * Asks discover-authentication where the account lives and how it signs
 * in. Basic-Cloud is used unless the account accepts only Basic-AD.
 */
export async function discoverLogin(
  ctx: CommandContext,
  session: Session,
  account: { appId: string; email: string },
): Promise<ServiceLogin> {
  const spinner = ctx.output.spinner(
    `Asking Mimecast where ${account.email} lives`,
  );
  let found;
  try {
    found = await discoverAuthentication({
      discoveryUrl: discoveryUrlFor(ctx, session),
      ...account,
      timeoutMs: ctx.globals.timeoutMs,
      log: ctx.output.debug,
    });
  } catch (error) {
    spinner.fail('Mimecast could not be asked where the account lives.');
    throw withNotLiveHint(error);
  }

  if (found.baseUrl === undefined) {
    spinner.fail(`Mimecast knows no account ${account.email}.`);
    throw unknownAccountError(account.email);
  }
  const baseUrl = parseValue('baseUrl', found.baseUrl, session.policy);
  const region = found.region === undefined ? '' : ` (region ${found.region})`;
  spinner.succeed(`The account lives at ${baseUrl}${region}.`);
  return { ...account, baseUrl, loginType: pickLoginType(found.loginTypes) };
}

/** Basic-Cloud, unless the account accepts Basic-AD and not Basic-Cloud. */
export function pickLoginType(loginTypes: readonly string[]): LoginType {
  const onlyAd =
    loginTypes.includes('Basic-AD') && !loginTypes.includes('Basic-Cloud');
  return onlyAd ? 'Basic-AD' : 'Basic-Cloud';
}

function unknownAccountError(email: string): CliError {
  return new CliError({
    code: 'invalid_value',
    field: 'email',
    message: `Mimecast knows no account with the address ${email}.`,
    hint:
      "Check the service account's address (--email or MIMECAST_EMAIL), " +
      'or give the base URL with --base-url or MIMECAST_BASE_URL.',
  });
}

/**
 * Logs the service account in to create a new key pair, registering both
 * keys as secrets before anything else can print.
 */
export async function createServiceKeys(
  ctx: CommandContext,
  login: ServiceLogin,
  password: string,
): Promise<CreatedKeys> {
  const spinner = ctx.output.spinner(
    `Creating keys for ${login.email} (${login.loginType} sign-in)`,
  );
  try {
    const keys = await createKeys({
      ...login,
      password,
      timeoutMs: ctx.globals.timeoutMs,
      log: ctx.output.debug,
    });
    ctx.registerSecret(keys.accessKey);
    ctx.registerSecret(keys.secretKey);
    spinner.succeed(`Created a new Access Key and Secret Key.`);
    return keys;
  } catch (error) {
    spinner.fail('No keys were created.');
    throw withNotLiveHint(error);
  }
}

/**
 * Mimecast refuses the Application ID of an application that is not live
 * yet exactly as it refuses a wrong one; say so in the fix.
 */
export function withNotLiveHint(error: unknown): unknown {
  if (!isCliError(error) || error.code !== 'invalid_app_id') return error;
  return new CliError(
    {
      code: 'invalid_app_id',
      message: error.message,
      hint:
        'The application may not be live yet: that takes up to 30 minutes ' +
        'after it was created. Wait until then and run the command again. ' +
        'If it is older, compare the Application ID with the console.',
    },
    { cause: error },
  );
}

/**
 * Stores freshly created keys at once, marked unverified, keeping the
 * profile's other secrets: the console can never show them again, and a
 * lost pair still holds one of the account's limited bindings.
 */
export async function keepNewKeys(
  ctx: CommandContext,
  session: Session,
  keys: CreatedKeys,
  appKey: string,
): Promise<void> {
  const profile = ctx.globals.profile;
  const existing = (await session.stores.secrets.get(profile)) ?? {};
  await session.stores.secrets.set(profile, {
    ...existing,
    appKey: existing.appKey ?? appKey,
    accessKey: keys.accessKey,
    secretKey: keys.secretKey,
  });
  await session.stores.config.updateProfile(profile, {
    keysStoredAt: new Date().toISOString(),
    keysVerified: false,
  });
}
