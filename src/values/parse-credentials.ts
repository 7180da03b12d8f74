import { VALUE_LABELS } from '../credentials.js';
import type {
  Api2Credentials,
  ApiVersion,
  MimecastCredentials,
  RawValues,
  ValueName,
} from '../credentials.js';
import { CliError } from '../errors.js';
import { howToGive } from './field.js';
import type { HostPolicy } from './host-policy.js';
import { parseValue } from './parse-value.js';

/**
 * Checks the five API 1.0 values at once, stopping at the first refused;
 * the base URL must be an API 1.0 host. A value still missing is a
 * `missing_value` naming what supplies it.
 */
export function parseCredentials(
  values: RawValues,
  policy: HostPolicy,
): MimecastCredentials {
  const parse = requiredParser(values, policy, '1.0');
  return {
    appId: parse('appId'),
    appKey: parse('appKey'),
    accessKey: parse('accessKey'),
    secretKey: parse('secretKey'),
    baseUrl: parse('baseUrl'),
  };
}

/**
 * Checks the three API 2.0 values as parseCredentials does the five 1.0
 * ones; the base URL must be an API 2.0 host.
 */
export function parseApi2Credentials(
  values: RawValues,
  policy: HostPolicy,
): Api2Credentials {
  const parse = requiredParser(values, policy, '2.0');
  return {
    clientId: parse('clientId'),
    clientSecret: parse('clientSecret'),
    baseUrl: parse('baseUrl'),
  };
}

function requiredParser(
  values: RawValues,
  policy: HostPolicy,
  apiVersion: ApiVersion,
): (name: ValueName) => string {
  return (name) => {
    const raw = values[name];
    if (raw === undefined) throw missingValueError(name);
    return parseValue(name, raw, policy, apiVersion);
  };
}

const API1_KEYS = ['appId', 'appKey', 'accessKey', 'secretKey'] as const;
const API2_KEYS = ['clientId', 'clientSecret'] as const;

/**
 * Which API the values are for: 2.0 when any of the Client ID and Secret
 * is there, 1.0 when any of the four 1.0 keys is. Undefined when values of
 * both APIs, or of neither, are there; the caller then has to ask.
 */
export function inferApiVersion(values: RawValues): ApiVersion | undefined {
  const has = (name: ValueName) => values[name] !== undefined;
  const api1 = API1_KEYS.some(has);
  const api2 = API2_KEYS.some(has);

  if (api1 === api2) return undefined;
  return api2 ? '2.0' : '1.0';
}

function missingValueError(name: ValueName): CliError {
  return new CliError({
    code: 'missing_value',
    message: `The ${VALUE_LABELS[name]} is missing.`,
    hint: `${howToGive(name)} to the ${VALUE_LABELS[name]}, or include it in the JSON read by --credentials-stdin.`,
    field: name,
  });
}
