import type { CommandContext } from '../context.js';
import type { MimecastCredentials, XdrTarget } from '../credentials.js';
import { CliError, ExitCode, exitCodeFor } from '../errors.js';
import type { ChecksReport } from '../mimecast/checks.js';
import { createInquirerPrompter } from '../terminal/prompts.js';
import { parseValue } from '../values.js';
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
import { parseXdrTarget, pushValues } from './xdr-push.js';

/** What `keys create` has checked before it signs in. */
interface KeysPlan {
  appId: string;
  appKey: string;
  email: string;
  password: string;
  /** Undefined until discovery finds it. */
  baseUrl: string | undefined;
  /** With `--push`: where the new keys go once they pass the checks. */
  target: XdrTarget | undefined;
}

/**
 * `mimecast-xdr keys create`: signs the profile's service account in to
 * create a new Access Key and Secret Key, stores them, runs the checks,
 * and with `--push` hands the five values to XDR.
 */
export async function runKeysCreate(
  ctx: CommandContext,
  options: Record<string, unknown>,
  _args: string[],
): Promise<number> {
  ctx.failureFields = {
    ...emptyTestFields(),
    keysCreated: false,
    pushed: false,
  };
  const push = options.push === true;
  const needed = push
    ? (['appId', 'appKey', 'xdrEndpoint', 'xdrToken'] as const)
    : (['appId', 'appKey'] as const);
  const session = await openSession(ctx, options, needed);
  try {
    const plan = await planKeys(ctx, options, session, push);
    return await createAndCheck(ctx, session, plan);
  } finally {
    await session.close();
  }
}

/** API 2.0 has no key pair to create: its secret comes from the console. */
function noKeysInApi2(ctx: CommandContext): CliError {
  return new CliError({
    code: 'invalid_value',
    field: 'profile',
    message:
      `Profile "${ctx.globals.profile}" uses API 2.0, which has no Access ` +
      'Key and Secret Key to create.',
    hint:
      'Generate a new Client Secret on the API 2.0 application in the ' +
      'Mimecast console, then run `mimecast-xdr setup --api 2`.',
  });
}

async function planKeys(
  ctx: CommandContext,
  options: Record<string, unknown>,
  session: Session,
  push: boolean,
): Promise<KeysPlan> {
  const { values } = session.gathered;
  if (session.settings?.apiVersion === '2.0') throw noKeysInApi2(ctx);
  requireValues(values, ['appId', 'appKey']);
  const appId = parseValue('appId', values.appId ?? '', session.policy);
  const appKey = parseValue('appKey', values.appKey ?? '', session.policy);
  const baseUrl =
    values.baseUrl === undefined
      ? undefined
      : parseValue('baseUrl', values.baseUrl, session.policy);
  const target = push ? parseXdrTarget(values, session.policy) : undefined;

  const email = await resolveEmail(ctx, options, session);
  if (email === undefined) throw missingEmailError();
  const password = await resolvePassword(ctx, options, session, email);
  return { appId, appKey, email, password, baseUrl, target };
}

function missingEmailError(): CliError {
  return new CliError({
    code: 'missing_value',
    field: 'email',
    message: "No service account's email address was given.",
    hint:
      'Pass --email or set MIMECAST_EMAIL to the address of the account ' +
      'the keys belong to.',
  });
}

/**
 * The service account's password: `--password-stdin`, MIMECAST_PASSWORD,
 * the demo's, the one kept in storage by opt-in, or a masked prompt.
 */
async function resolvePassword(
  ctx: CommandContext,
  options: Record<string, unknown>,
  session: Session,
  email: string,
): Promise<string> {
  const password = await findPassword(ctx, options, session, email);
  if (password === '') throw missingPasswordError();
  ctx.registerSecret(password);
  return password;
}

async function findPassword(
  ctx: CommandContext,
  options: Record<string, unknown>,
  session: Session,
  email: string,
): Promise<string> {
  if (options.passwordStdin === true) return readPasswordStdin(ctx);
  const given = ctx.io.env.MIMECAST_PASSWORD || session.demo?.password;
  if (given) return given;

  const stored = await session.stores.secrets.get(ctx.globals.profile);
  if (stored?.serviceAccountPassword) return stored.serviceAccountPassword;
  if (ctx.globals.nonInteractive) return '';

  const prompter = createInquirerPrompter({
    input: ctx.io.stdin,
    output: ctx.io.stderr,
  });
  return prompter.password({
    message: `Password of ${email}`,
    validate: (raw) => (raw === '' ? 'The password is empty.' : true),
  });
}

async function readPasswordStdin(ctx: CommandContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

function missingPasswordError(): CliError {
  return new CliError({
    code: 'missing_value',
    field: 'password',
    message: "No password was given for the service account.",
    hint:
      'Set MIMECAST_PASSWORD, or send it on standard input with ' +
      '--password-stdin, or run the command in a terminal to be asked.',
  });
}

async function createAndCheck(
  ctx: CommandContext,
  session: Session,
  plan: KeysPlan,
): Promise<number> {
  const login = await findLogin(ctx, session, plan);
  const keys = await createServiceKeys(ctx, login, plan.password);
  await keepNewKeys(ctx, session, keys, plan.appKey);
  ctx.failureFields = {
    ...emptyTestFields(login.baseUrl),
    keysCreated: true,
    pushed: false,
  };

  const credentials: MimecastCredentials = {
    appId: plan.appId,
    appKey: plan.appKey,
    accessKey: keys.accessKey,
    secretKey: keys.secretKey,
    baseUrl: login.baseUrl,
  };
  const report = await checkCredentials(ctx, credentials);
  printReport(ctx, report);
  await recordChecks(ctx, session, credentials, report);
  return finish(ctx, session, plan.target, credentials, report);
}

async function findLogin(
  ctx: CommandContext,
  session: Session,
  plan: KeysPlan,
): Promise<ServiceLogin> {
  const account = { appId: plan.appId, email: plan.email };
  if (plan.baseUrl === undefined) return discoverLogin(ctx, session, account);
  return { ...account, baseUrl: plan.baseUrl, loginType: 'Basic-Cloud' };
}

async function recordChecks(
  ctx: CommandContext,
  session: Session,
  credentials: MimecastCredentials,
  report: ChecksReport,
): Promise<void> {
  const at = new Date().toISOString();
  const code = report.error?.code;
  await session.stores.config.updateProfile(ctx.globals.profile, {
    apiVersion: '1.0',
    appId: credentials.appId,
    baseUrl: credentials.baseUrl,
    keysVerified: report.ok,
    lastTest: code === undefined ? { ok: true, at } : { ok: false, at, code },
  });
  ctx.output.line(
    report.ok
      ? `Stored the new keys in profile "${ctx.globals.profile}".`
      : `Stored the new keys in profile "${ctx.globals.profile}", marked ` +
          'unverified until the checks pass.',
  );
}

async function finish(
  ctx: CommandContext,
  session: Session,
  target: XdrTarget | undefined,
  credentials: MimecastCredentials,
  report: ChecksReport,
): Promise<number> {
  const json = {
    ...toTestJson(ctx.globals.profile, credentials, report),
    keysCreated: true,
  };
  if (report.error) {
    if (target) ctx.output.line('Nothing was pushed: fix the checks first.');
    if (ctx.globals.json) ctx.output.result({ ...json, pushed: false });
    return exitCodeFor(report.error.code);
  }

  ctx.failureFields = { ...json, ok: false, pushed: false };
  if (target) {
    await pushValues(ctx, target, credentials);
  } else {
    const command = pushCommand(ctx, session.demo !== undefined);
    ctx.output.line(`Run \`${command}\` to hand the new keys to XDR.`);
  }
  if (ctx.globals.json) {
    ctx.output.result({ ...json, pushed: target !== undefined });
  }
  return ExitCode.ok;
}

/** The push command for this profile, as the person would type it. */
function pushCommand(ctx: CommandContext, demo: boolean): string {
  const words = ['mimecast-xdr'];
  if (ctx.globals.profileChosen) words.push(`--profile ${ctx.globals.profile}`);
  words.push('push');
  if (demo) words.push('--demo');
  return words.join(' ');
}
