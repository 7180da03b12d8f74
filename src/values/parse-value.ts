import { z } from 'zod';

import type { ApiVersion, ValueName } from '../credentials.js';
import { CliError } from '../errors.js';
import { fieldFor, parseField } from './field.js';
import type { Field, StringSchema } from './field.js';
import type { HostPolicy } from './host-policy.js';
import { KEY_SCHEMAS } from './key-schemas.js';
import {
  BASE_HOST_RULES,
  anyBaseHost,
  discoveryHost,
  normaliseMimecastUrl,
} from './mimecast-url.js';
import { refuse } from './refusal.js';
import type { Refusal } from './refusal.js';
import { normaliseXdrEndpoint } from './xdr-endpoint.js';

const DISCOVERY_FIELD: Field = {
  name: 'discoveryUrl',
  label: 'discovery URL',
  source: 'MIMECAST_DISCOVERY_URL',
  secret: false,
};

/** Runs a URL check inside zod, so every value is parsed the same way. */
function urlSchema(normalise: (text: string) => string | Refusal) {
  return z.string().transform((text, ctx) => {
    const result = normalise(text);
    if (typeof result === 'string') return result;

    ctx.addIssue({ code: 'custom', ...refuse(result) });
    return z.NEVER;
  });
}

function schemaFor(
  name: ValueName,
  policy: HostPolicy,
  apiVersion: ApiVersion | undefined,
): StringSchema {
  if (name === 'baseUrl') {
    const rule = apiVersion ? BASE_HOST_RULES[apiVersion] : anyBaseHost;
    return urlSchema((text) => normaliseMimecastUrl(text, policy, rule));
  }
  if (name === 'xdrEndpoint') {
    return urlSchema((text) => normaliseXdrEndpoint(text, policy));
  }
  return KEY_SCHEMAS[name];
}

/**
 * Cleans a value the way a paste needs, then checks it. Returns the value
 * to use (a base URL reduced to its origin); throws a CliError
 * (`invalid_value` or `host_not_allowed`, `field` = name) that names the
 * value and its flag or variable, and never quotes a secret. With
 * `apiVersion`, a base URL must be a host of that API; without, of either.
 */
export function parseValue(
  name: ValueName,
  raw: string,
  policy: HostPolicy,
  apiVersion?: ApiVersion,
): string {
  const schema = schemaFor(name, policy, apiVersion);
  return parseField(fieldFor(name), schema, raw);
}

/** parseValue for prompt validators: the same message, returned not thrown. */
export function checkValue(
  name: ValueName,
  raw: string,
  policy: HostPolicy,
  apiVersion?: ApiVersion,
): { ok: true; value: string } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseValue(name, raw, policy, apiVersion) };
  } catch (error) {
    if (error instanceof CliError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Checks a discovery host override (MIMECAST_DISCOVERY_URL) by the base
 * URL's rules, with the global discovery host allowed as well.
 */
export function parseDiscoveryUrl(raw: string, policy: HostPolicy): string {
  const schema = urlSchema((text) =>
    normaliseMimecastUrl(text, policy, discoveryHost),
  );
  return parseField(DISCOVERY_FIELD, schema, raw);
}
