import { isCliError } from '../errors.js';
import { checkValue } from '../values.js';
import {
  askEmail,
  askPassword,
  askValue,
  withSpinner,
  writeFailure,
} from './ask.js';
import type { WizardState } from './state.js';
import { writeWrapped } from './text.js';
import type {
  CreateKeysOptions,
  LoginType,
  WizardContext,
} from './types.js';
import { mayStillGoLive, waitUntilLive } from './wait-live.js';

/** How a step's value questions ended. */
export type StepExit = 'done' | 'menu' | { goto: number };

type KeySource = 'paste' | 'create' | 'menu';

/**
 * Step 6's values: the Access Key and Secret Key, pasted from the console
 * or created by logging in as the service account.
 */
export async function collectKeys(
  ctx: WizardContext,
  state: WizardState,
): Promise<StepExit> {
  const { accessKey, secretKey } = state.values;
  const haveKeys = accessKey !== undefined && secretKey !== undefined;
  const source = await ctx.prompter.select<KeySource>({
    message: 'How do you want to provide the keys?',
    choices: [
      { value: 'paste', name: 'Paste the keys the console showed' },
      { value: 'create', name: 'Let this tool create them (it signs in)' },
      { value: 'menu', name: 'Back to the step menu' },
    ],
    default: haveKeys ? 'paste' : 'create',
  });

  if (source === 'menu') return 'menu';
  if (source === 'create') return createKeysByLogin(ctx, state);
  await askValue(ctx, state, 'accessKey');
  await askValue(ctx, state, 'secretKey');
  return 'done';
}

function explainLogin(ctx: WizardContext): void {
  writeWrapped(
    ctx.output,
    'The tool signs in as the service account, as Create Keys in the ' +
      'console does. Each sign-in adds one more key binding to the account ' +
      'and Mimecast caps how many it may hold, so create keys only when ' +
      'you need new ones.',
  );
  writeWrapped(
    ctx.output,
    'It needs a plain password sign-in: if an authentication profile ' +
      'sends the account through SSO, switch SSO off while the keys are ' +
      'created; an account that must use two-factor sign-in cannot get ' +
      'keys this way, so paste keys from the console instead.',
  );
}

/** Basic-Cloud when the account takes it, else Basic-AD, else none. */
export function pickLoginType(loginTypes: string[]): LoginType | undefined {
  if (loginTypes.includes('Basic-Cloud')) return 'Basic-Cloud';
  if (loginTypes.includes('Basic-AD')) return 'Basic-AD';
  return undefined;
}

async function createKeysByLogin(
  ctx: WizardContext,
  state: WizardState,
): Promise<StepExit> {
  explainLogin(ctx);
  const appId = state.values.appId ?? (await askValue(ctx, state, 'appId'));
  const email = await askEmail(ctx, state);

  const login = await findLogin(ctx, state, appId, email);
  if (login === undefined) return 'menu';
  if ('goto' in login) return login;

  for (;;) {
    const password = await askPassword(ctx, state);
    const options = { ...login, appId, email, password };
    const exit = await tryCreateKeys(ctx, state, options);
    if (exit !== 'again') return exit;
  }
}

type Login = Pick<CreateKeysOptions, 'baseUrl' | 'loginType'>;

/**
 * Asks discover-authentication where the account lives and how it signs
 * in. Undefined (after saying why) when keys cannot be created this way.
 */
async function findLogin(
  ctx: WizardContext,
  state: WizardState,
  appId: string,
  email: string,
): Promise<Login | { goto: number } | undefined> {
  const discover = () => ctx.services.discoverBaseUrl(email, appId);
  let found;
  try {
    const text = 'Asking Mimecast about the account';
    found = await withSpinner(ctx, text, discover);
  } catch (error) {
    const waited = await handleNotLive(ctx, state, error, discover);
    if (waited === undefined || 'goto' in waited) return waited;
    found = waited.value;
  }

  const baseUrl = acceptBaseUrl(ctx, state, found.baseUrl);
  if (baseUrl === undefined) {
    ctx.output.warn(`Mimecast does not know the address ${email}.`);
    ctx.output.line('Check the address at step 2, or paste the keys.');
    return undefined;
  }

  const loginType = pickLoginType(found.loginTypes);
  if (loginType === undefined) {
    ctx.output.warn(
      'The account does not accept a password sign-in (SSO or two-factor).',
    );
    ctx.output.line('Paste keys created in the console instead.');
    return undefined;
  }
  return { baseUrl, loginType };
}

function acceptBaseUrl(
  ctx: WizardContext,
  state: WizardState,
  discovered: string | undefined,
): string | undefined {
  const checked =
    discovered === undefined
      ? undefined
      : checkValue('baseUrl', discovered, ctx.policy, '1.0');
  if (checked?.ok !== true) return undefined;

  state.values.baseUrl ??= checked.value;
  return checked.value;
}

async function tryCreateKeys(
  ctx: WizardContext,
  state: WizardState,
  options: CreateKeysOptions,
): Promise<StepExit | 'again'> {
  const create = () => ctx.services.createKeys(options);
  let keys;
  try {
    const text = 'Creating keys for the service account';
    keys = await withSpinner(ctx, text, create);
  } catch (error) {
    if (isCliError(error) && error.code === 'invalid_app_id') {
      const waited = await handleNotLive(ctx, state, error, create);
      if (waited === undefined || 'goto' in waited) return waited ?? 'menu';
      keys = waited.value;
    } else {
      writeFailure(ctx, error);
      return askRetry(ctx);
    }
  }

  state.values.accessKey = keys.accessKey;
  state.values.secretKey = keys.secretKey;
  ctx.registerSecret(keys.accessKey);
  ctx.registerSecret(keys.secretKey);
  ctx.output.line(ctx.output.style.green('New keys created.'));
  await askKeepPassword(ctx, state);
  return 'done';
}

async function askRetry(ctx: WizardContext): Promise<'again' | 'menu'> {
  return ctx.prompter.select<'again' | 'menu'>({
    message: 'What now?',
    choices: [
      { value: 'again', name: 'Type the password again and retry' },
      { value: 'menu', name: 'Back to the step menu' },
    ],
    default: 'again',
  });
}

async function askKeepPassword(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  const where = ctx.secrets.kind === 'file' ? 'credentials file' : 'keychain';
  state.keepPassword = await ctx.prompter.confirm({
    message:
      `Keep the service account's password in the ${where}, so new keys ` +
      'can be created later without asking?',
    default: state.keepPassword,
  });
}

type NotLiveChoice = 'wait' | 'menu' | 'step1';

/**
 * Mimecast answers as if the Application ID were wrong while a new
 * application is not live yet: offer to wait for it, or to check step 1.
 * Rethrows anything else after showing it; returns undefined for "menu".
 */
async function handleNotLive<T>(
  ctx: WizardContext,
  state: WizardState,
  error: unknown,
  attempt: () => Promise<T>,
): Promise<{ value: T } | { goto: number } | undefined> {
  writeFailure(ctx, error);
  if (!isCliError(error) || error.code !== 'invalid_app_id') return undefined;

  const choice = await askNotLive(ctx, state);
  if (choice === 'step1') return { goto: 1 };
  if (choice === 'menu') return undefined;

  const result = await waitUntilLive(ctx, state, attempt);
  if (result.live) return { value: result.value };
  if (result.error !== undefined) writeFailure(ctx, result.error);
  else ctx.output.line('Check the Application ID at step 1.');
  return undefined;
}

async function askNotLive(
  ctx: WizardContext,
  state: WizardState,
): Promise<NotLiveChoice> {
  const canWait = mayStillGoLive(state, ctx.now());
  const choices: { value: NotLiveChoice; name: string }[] = [
    { value: 'step1', name: 'Go back to step 1 and check the Application ID' },
    { value: 'menu', name: 'Back to the step menu' },
  ];
  if (canWait) {
    const name = 'Wait for the application to go live (up to 30 minutes)';
    choices.unshift({ value: 'wait', name });
  }

  return ctx.prompter.select<NotLiveChoice>({
    message: 'The application is not accepted yet. What now?',
    choices,
    default: canWait ? 'wait' : 'step1',
  });
}
