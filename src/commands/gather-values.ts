import { z } from 'zod';
import {
  VALUE_ENV_VARS,
  VALUE_FLAGS,
  VALUE_LABELS,
  type RawValues,
  type ValueName,
} from '../credentials.js';
import { CliError } from '../errors.js';

/** Where a value came from, first that has one wins, in this order. */
export type ValueSource = 'flag' | 'environment' | 'stdin' | 'demo' | 'profile';

/** Values from every source, merged, with the source of each. */
export interface GatheredValues {
  values: RawValues;
  sources: Partial<Record<ValueName, ValueSource>>;
}

const VALUE_NAMES = Object.keys(VALUE_LABELS) as ValueName[];

/** The non-secret values given as flags. */
export function valuesFromFlags(flags: Record<string, unknown>): RawValues {
  const pick = (key: string) =>
    typeof flags[key] === 'string' ? flags[key] : undefined;
  return {
    appId: pick('appId'),
    clientId: pick('clientId'),
    baseUrl: pick('baseUrl'),
    xdrEndpoint: pick('xdrEndpoint'),
  };
}

/** The values set in the environment; an empty variable counts as unset. */
export function valuesFromEnv(env: NodeJS.ProcessEnv): RawValues {
  const values: RawValues = {};
  for (const name of VALUE_NAMES) {
    const value = env[VALUE_ENV_VARS[name]];
    if (value !== undefined && value !== '') values[name] = value;
  }
  return values;
}

const stdinSchema = z
  .object({
    appId: z.string(),
    appKey: z.string(),
    accessKey: z.string(),
    secretKey: z.string(),
    clientId: z.string(),
    clientSecret: z.string(),
    baseUrl: z.string(),
    xdrEndpoint: z.string(),
    xdrToken: z.string(),
  })
  .partial()
  .strict();

/**
 * Reads the one JSON object `--credentials-stdin` promises. Errors name
 * the key at fault and never repeat what was read, since it holds secrets.
 */
export async function readCredentialsStdin(
  stdin: NodeJS.ReadableStream,
): Promise<RawValues> {
  const text = await readAll(stdin);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw stdinError('Standard input is not one JSON object.');
  }

  const result = stdinSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key =
      issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path[0];
    throw stdinError(
      key !== undefined
        ? `The JSON on standard input has an unexpected or non-text "${String(key)}".`
        : 'Standard input must hold one JSON object of text values.',
    );
  }
  return result.data;
}

function stdinError(message: string): CliError {
  return new CliError({
    code: 'invalid_value',
    field: 'credentials-stdin',
    message,
    hint:
      'Send one JSON object whose values are text; the keys allowed are ' +
      `${Object.keys(stdinSchema.shape).join(', ')}.`,
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Merges sources in order; the first that has a value wins. */
export function mergeValues(
  layers: ReadonlyArray<readonly [ValueSource, RawValues]>,
): GatheredValues {
  const gathered: GatheredValues = { values: {}, sources: {} };
  for (const [source, values] of layers) {
    for (const name of VALUE_NAMES) {
      const value = values[name];
      if (gathered.values[name] !== undefined || value === undefined) continue;
      gathered.values[name] = value;
      gathered.sources[name] = source;
    }
  }
  return gathered;
}

/** The names among `names` that have no value yet. */
export function missingValues(
  values: RawValues,
  names: readonly ValueName[],
): ValueName[] {
  return names.filter((name) => values[name] === undefined);
}

/**
 * Fails with `missing_value` for the first absent value, naming what
 * supplies it: the flag for non-secrets, always the variable.
 */
export function requireValues(
  values: RawValues,
  names: readonly ValueName[],
): void {
  const [first, ...rest] = missingValues(values, names);
  if (first === undefined) return;

  const flag = VALUE_FLAGS[first];
  const supply = flag
    ? `${flag} or ${VALUE_ENV_VARS[first]}`
    : VALUE_ENV_VARS[first];
  const others = rest.length
    ? ` Also missing: ${rest.map((n) => VALUE_LABELS[n]).join(', ')}.`
    : '';
  throw new CliError({
    code: 'missing_value',
    field: first,
    message: `No ${VALUE_LABELS[first]} was given.${others}`,
    hint:
      `Set ${supply}, send it in --credentials-stdin, or store it with ` +
      '`mimecast-xdr setup`.',
  });
}
