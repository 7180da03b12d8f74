import { z } from 'zod';

import { parseField } from './field.js';
import type { Field } from './field.js';
import { refuse } from './refusal.js';

const EMAIL_FIELD: Field = {
  name: 'email',
  label: 'service account email address',
  source: '--email or MIMECAST_EMAIL',
  secret: false,
};

const DOMAIN_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(`^[^\\s@]+@(?:${DOMAIN_LABEL}\\.)+\\p{L}{2,}$`, 'u');

const emailSchema = z
  .string()
  .refine(
    (v) => v !== '',
    refuse({
      reason: 'is empty',
      hint: "Give the service account's address, such as xdr-siem@example.com.",
    }),
  )
  .refine(
    (v) => v.length <= 254 && EMAIL.test(v),
    refuse({
      reason: 'is not a plausible email address',
      hint: "Give the service account's full address, such as xdr-siem@example.com.",
    }),
  )
  .transform((v) => {
    const at = v.lastIndexOf('@');
    return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
  });

/**
 * Cleans and checks the service account's email address; returns it with
 * the domain lower-cased. Throws `invalid_value` with field `email`.
 */
export function parseEmail(raw: string): string {
  return parseField(EMAIL_FIELD, emailSchema, raw);
}
