import type { z } from 'zod';

import {
  SECRET_VALUE_NAMES,
  VALUE_ENV_VARS,
  VALUE_FLAGS,
  VALUE_LABELS,
} from '../credentials.js';
import type { ValueName } from '../credentials.js';
import { CliError } from '../errors.js';
import { cleanPastedValue } from './paste.js';
import { quote, refusalOf } from './refusal.js';
import type { Refusal } from './refusal.js';

/** Where a refused value came from, for the message that refuses it. */
export interface Field {
  /** The name in `--json` errors: a ValueName, `email`, `discoveryUrl`. */
  name: string;
  label: string;
  /** The flag or environment variable that supplies it. */
  source: string;
  secret: boolean;
}

/** A check of one value as zod runs it: a string in, a string out. */
export type StringSchema = z.ZodType<string, string>;

const SECRETS: ReadonlySet<string> = new Set(SECRET_VALUE_NAMES);

// A Client ID refused for its shape is often the Client Secret pasted into
// the wrong field, so it is not quoted back either.
const NEVER_QUOTED: ReadonlySet<string> = new Set([...SECRETS, 'clientId']);

/** The field of a named value, with its label, flag and variable. */
export function fieldFor(name: ValueName): Field {
  return {
    name,
    label: VALUE_LABELS[name],
    source: fieldSource(name),
    secret: NEVER_QUOTED.has(name),
  };
}

function fieldSource(name: ValueName): string {
  const flag = VALUE_FLAGS[name];
  const env = VALUE_ENV_VARS[name];
  return flag ? `${flag} or ${env}` : env;
}

/** The start of a hint that says how to supply a value: flag or variable. */
export function howToGive(name: ValueName): string {
  const flag = VALUE_FLAGS[name];
  const env = VALUE_ENV_VARS[name];
  return flag ? `Pass ${flag} or set ${env}` : `Set ${env}`;
}

/**
 * Cleans a pasted value and runs its schema; throws the CliError that
 * names the field, quoting the value back only when that is safe.
 */
export function parseField(
  field: Field,
  schema: StringSchema,
  raw: string,
): string {
  const value = cleanPastedValue(raw);
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  throw refusalError(field, value, refusalOf(result.error));
}

function refusalError(field: Field, value: string, refusal: Refusal) {
  const echo = !field.secret && refusal.echo !== false && value !== '';
  const shown = echo ? ` (got ${quote(value)})` : '';

  return new CliError({
    code: refusal.code ?? 'invalid_value',
    message: `The ${field.label} (${field.source}) ${refusal.reason}${shown}.`,
    hint: refusal.hint,
    field: field.name,
  });
}
