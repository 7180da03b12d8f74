import { z } from 'zod';

import { VALUE_LABELS } from '../credentials.js';
import type { ValueName } from '../credentials.js';
import { howToGive } from './field.js';
import type { StringSchema } from './field.js';
import { refuse } from './refusal.js';
import type { Refusal } from './refusal.js';

const API2_APPLICATION =
  'It is shown with the API 2.0 application in the Mimecast console (Integrations > API and Platform Integrations).';

const WHERE_TO_FIND: Record<ValueName, string> = {
  appId:
    'It is shown with the API application in the Mimecast console (Administration > Services > API and Platform Integrations).',
  appKey:
    'It is shown with the API application in the Mimecast console (Administration > Services > API and Platform Integrations).',
  accessKey:
    'It is shown once, when keys are created for the service account; create new keys if it is lost.',
  secretKey:
    'It is shown once, when keys are created for the service account; create new keys if it is lost.',
  clientId: API2_APPLICATION,
  clientSecret:
    'It is shown only once, when the API 2.0 application is created or a new secret is generated; generate a new one if it is lost.',
  baseUrl:
    "It is your region's API host, such as https://eu-api.mimecast.com.",
  xdrEndpoint: 'Copy it from the Barracuda XDR dashboard.',
  xdrToken: 'Copy it from the Barracuda XDR dashboard.',
};

function plainSchema(name: ValueName, maxLength: number) {
  return z
    .string()
    .refine((v) => v !== '', refuse(emptyRefusal(name)))
    .refine((v) => !/\s/.test(v), refuse(whiteSpaceRefusal(name)))
    .refine(
      (v) => v.length <= maxLength,
      refuse({
        reason: `is longer than ${maxLength} characters`,
        hint: `Copy the ${VALUE_LABELS[name]} again, and nothing around it. ${WHERE_TO_FIND[name]}`,
      }),
    );
}

function emptyRefusal(name: ValueName): Refusal {
  return {
    reason: 'is empty',
    hint: `${howToGive(name)} to the ${VALUE_LABELS[name]}. ${WHERE_TO_FIND[name]}`,
  };
}

function whiteSpaceRefusal(name: ValueName): Refusal {
  return {
    reason: 'contains white space',
    hint: `The ${VALUE_LABELS[name]} is one unbroken string: copy it again without spaces. ${WHERE_TO_FIND[name]}`,
  };
}

const ACCESS_KEY = /^[A-Za-z0-9_-]+={0,2}$/;

const accessKeySchema = z
  .string()
  .refine((v) => v !== '', refuse(emptyRefusal('accessKey')))
  .refine((v) => !/\s/.test(v), refuse(whiteSpaceRefusal('accessKey')))
  .refine(
    (v) => v.length >= 16 && v.length <= 512,
    refuse({
      reason: 'must be 16 to 512 characters long',
      hint: `Copy the whole Access Key again. ${WHERE_TO_FIND.accessKey}`,
    }),
  )
  .refine(
    (v) => ACCESS_KEY.test(v),
    refuse({
      reason:
        'may hold only letters, digits, - and _ (URL-safe base64), with = only at the end',
      hint: 'A value with + or / is probably the Secret Key: check that the Access Key and the Secret Key were not swapped.',
    }),
  );

const BASE64_CHARACTERS = /^[A-Za-z0-9+/=]*$/;
const STRICT_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_SECRET_BYTES = 16;

const secretKeySchema = z
  .string()
  .refine((v) => v !== '', refuse(emptyRefusal('secretKey')))
  .refine((v) => !/\s/.test(v), refuse(whiteSpaceRefusal('secretKey')))
  .superRefine((v, ctx) => {
    const position = firstNonBase64(v);
    if (position === 0) return;

    const refusal = nonBase64Refusal(v, position);
    ctx.addIssue({ code: 'custom', ...refuse(refusal) });
  })
  .refine(
    (v) => v.length % 4 === 0 && STRICT_BASE64.test(v),
    refuse({
      reason:
        'is not complete base64: its length must be a multiple of 4, with = only as padding at the end',
      hint: `Copy the whole Secret Key again; it usually has 88 characters and ends in =. ${WHERE_TO_FIND.secretKey}`,
    }),
  )
  .refine(
    (v) => Buffer.from(v, 'base64').toString('base64') === v,
    refuse({
      reason: 'is not canonical base64: its last character before the padding is wrong',
      hint: `Copy the whole Secret Key again. ${WHERE_TO_FIND.secretKey}`,
    }),
  )
  .refine(
    (v) => Buffer.from(v, 'base64').length >= MIN_SECRET_BYTES,
    refuse({
      reason: `decodes to fewer than ${MIN_SECRET_BYTES} bytes, too short for a Secret Key`,
      hint: `Copy the whole Secret Key again; it usually has 88 characters. ${WHERE_TO_FIND.secretKey}`,
    }),
  );

function nonBase64Refusal(value: string, position: number): Refusal {
  const hint = /[-_]/.test(value)
    ? 'A value with - or _ is probably the Access Key: check that the Access Key and the Secret Key were not swapped.'
    : `Copy the Secret Key again, and nothing around it. ${WHERE_TO_FIND.secretKey}`;
  return {
    reason: `has a character outside standard base64 (A-Z, a-z, 0-9, +, /, =) at position ${position}`,
    hint,
  };
}

function firstNonBase64(value: string): number {
  return [...value].findIndex((c) => !BASE64_CHARACTERS.test(c)) + 1;
}

/** The checks of the values that are not URLs: IDs, keys and the token. */
export const KEY_SCHEMAS = {
  appId: plainSchema('appId', 128),
  appKey: plainSchema('appKey', 128),
  accessKey: accessKeySchema,
  secretKey: secretKeySchema,
  clientId: plainSchema('clientId', 256),
  clientSecret: plainSchema('clientSecret', 512),
  xdrToken: plainSchema('xdrToken', 4096),
} satisfies Partial<Record<ValueName, StringSchema>>;
