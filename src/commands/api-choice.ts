import {
  VALUE_ENV_VARS,
  type Api2Credentials,
  type ApiVersion,
  type MimecastCredentials,
  type RawValues,
  type ValueName,
} from '../credentials.js';
import { CliError } from '../errors.js';
import { API2_BASE_URLS } from '../mimecast/hosts.js';
import {
  inferApiVersion,
  parseApi2Credentials,
  parseCredentials,
  type HostPolicy,
} from '../values.js';
import type { CommandContext } from '../context.js';
import { requireValues, type GatheredValues } from './gather-values.js';
import { emptyTestFields } from './result-shape.js';
import type { Session } from './session.js';

/** The values of either API, as the checks and the push take them. */
export type AnyCredentials = MimecastCredentials | Api2Credentials;

/** What the checks need with API 1.0, in the XDR dashboard's order. */
export const API1_VALUES = [
  'appId',
  'appKey',
  'accessKey',
  'secretKey',
  'baseUrl',
] as const satisfies readonly ValueName[];

/** What the checks need with API 2.0. */
export const API2_VALUES = [
  'clientId',
  'clientSecret',
  'baseUrl',
] as const satisfies readonly ValueName[];

/** Every value either API might need, for reading storage. */
export const CHECK_VALUES: readonly ValueName[] = [
  ...API1_VALUES,
  'clientId',
  'clientSecret',
];

/** The global API 2.0 host, which fails over between regions. */
export const API2_DEFAULT_BASE_URL = API2_BASE_URLS[0] ?? '';

/** The API a run uses and, for the person reading, why that one. */
export interface ApiChoice {
  version: ApiVersion;
  reason: string;
}

/**
 * Picks the API: `--api` when given; else the one whose values were given
 * this run (flags, environment, stdin); else the stored profile's; else
 * 1.0 for the demo tenant; else whichever the stored values belong to.
 */
export function chooseApi(
  gathered: GatheredValues,
  apiFlag: unknown,
  storedVersion: ApiVersion | undefined,
): ApiChoice {
  if (apiFlag === '1' || apiFlag === '2') {
    return { version: apiFlag === '1' ? '1.0' : '2.0', reason: 'from --api' };
  }

  const given = inferApiVersion(valuesGivenThisRun(gathered));
  if (given) return { version: given, reason: `from the ${describe(given)} given` };
  if (storedVersion) return { version: storedVersion, reason: "the profile's" };
  if (Object.values(gathered.sources).includes('demo')) {
    // The demo tenant has an application of each API; 1.0 walks all nine
    // console steps, which is what a newcomer came to see.
    return { version: '1.0', reason: 'the demo default; --api 2 for 2.0' };
  }

  const stored = inferApiVersion(gathered.values);
  if (stored) return { version: stored, reason: `from the ${describe(stored)} stored` };
  throw noCredentialsError();
}

function valuesGivenThisRun(gathered: GatheredValues): RawValues {
  const given: RawValues = {};
  for (const [name, source] of Object.entries(gathered.sources)) {
    if (source === 'profile' || source === 'demo') continue;
    given[name as ValueName] = gathered.values[name as ValueName];
  }
  return given;
}

function describe(version: ApiVersion): string {
  return version === '2.0' ? 'Client ID and Secret' : 'API 1.0 keys';
}

function noCredentialsError(): CliError {
  const names = (list: readonly ValueName[]) =>
    list.map((name) => VALUE_ENV_VARS[name]).join(', ');
  return new CliError({
    code: 'missing_value',
    message: 'No Mimecast credentials were given, and none are stored.',
    hint:
      `For API 2.0 set ${names(API2_VALUES)}; for API 1.0 set ` +
      `${names(API1_VALUES)}. Or run \`mimecast-xdr setup\` to store them.`,
  });
}

/**
 * Checks the values of the chosen API and returns them ready for use.
 * API 2.0 takes the global host when no base URL is known, and ignores a
 * stored API 1.0 base URL, which belongs to the other API.
 */
export function parseChosenCredentials(
  gathered: GatheredValues,
  choice: ApiChoice,
  policy: HostPolicy,
  storedVersion: ApiVersion | undefined,
): AnyCredentials {
  if (choice.version === '1.0') {
    requireValues(gathered.values, API1_VALUES);
    return parseCredentials(gathered.values, policy);
  }

  const values = { ...gathered.values };
  const staleBaseUrl =
    gathered.sources.baseUrl === 'profile' && storedVersion !== '2.0';
  if (values.baseUrl === undefined || staleBaseUrl) {
    values.baseUrl = API2_DEFAULT_BASE_URL;
  }
  requireValues(values, API2_VALUES);
  return parseApi2Credentials(values, policy);
}

/** The credentials a run checks, and the API choice behind them. */
export interface ResolvedCredentials {
  credentials: AnyCredentials;
  choice: ApiChoice;
}

/**
 * For a command on one profile: chooses the API, makes early failures
 * report it (`--json` keeps its shape), then checks the values it needs.
 * `fields` are further failure fields the command reports.
 */
export function resolveSessionCredentials(
  ctx: CommandContext,
  session: Session,
  apiFlag: unknown,
  fields: Record<string, unknown> = {},
): ResolvedCredentials {
  const storedVersion = session.settings?.apiVersion;
  const choice = chooseApi(session.gathered, apiFlag, storedVersion);
  ctx.failureFields = { ...emptyTestFields(null, choice.version), ...fields };

  const credentials = parseChosenCredentials(
    session.gathered,
    choice,
    session.policy,
    storedVersion,
  );
  ctx.failureFields = {
    ...emptyTestFields(credentials.baseUrl, choice.version),
    ...fields,
  };
  return { credentials, choice };
}

/** Chooses the API, then checks and returns the values it needs. */
export function resolveCredentials(
  gathered: GatheredValues,
  apiFlag: unknown,
  storedVersion: ApiVersion | undefined,
  policy: HostPolicy,
): ResolvedCredentials {
  const choice = chooseApi(gathered, apiFlag, storedVersion);
  const credentials = parseChosenCredentials(
    gathered,
    choice,
    policy,
    storedVersion,
  );
  return { credentials, choice };
}

/** The value names the chosen API checks. */
export function valuesOf(version: ApiVersion): readonly ValueName[] {
  return version === '2.0' ? API2_VALUES : API1_VALUES;
}

/**
 * The once-a-run notice on API 1.0: Mimecast has stopped creating 1.0
 * applications and will expire the existing ones.
 */
export function api1RetirementNotice(profileFlag: string): string {
  return (
    'Mimecast is retiring API 1.0 and will expire existing 1.0 ' +
    'applications; move this profile with ' +
    `\`mimecast-xdr setup --api 2${profileFlag}\`.`
  );
}
