import { z } from 'zod';
import { CliError } from '../errors.js';

const failErrorSchema = z.object({
  code: z.string().catch('unknown'),
  message: z.string().catch(''),
  retryable: z.boolean().optional().catch(undefined),
});

// API 1.0 nests the codes in `errors`; API 2.0 may put one on the entry.
const failSchema = z.object({
  key: z.unknown().optional(),
  code: z.string().optional().catch(undefined),
  errors: z.array(failErrorSchema).catch([]),
});

const metaSchema = z.looseObject({
  status: z.number().optional().catch(undefined),
  pagination: z.record(z.string(), z.unknown()).optional().catch(undefined),
  isLastToken: z.boolean().optional().catch(undefined),
});

/**
 * Every API 1.0 answer: `meta`, `data` and `fail`. Missing parts default
 * to empty so that a sparse answer still reads; a part of the wrong type
 * makes the whole body unreadable.
 */
export const envelopeSchema = z.object({
  meta: metaSchema.default({}),
  data: z.array(z.unknown()).default([]),
  fail: z.array(failSchema).default([]),
});

/** A parsed API 1.0 answer. */
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * Parses an API 1.0 body. Throws a `server_error` CliError when it is not
 * JSON, cut short, or not shaped like an envelope. The message describes
 * the body without quoting it, since an answer may echo request values.
 */
export function parseEnvelope(body: Buffer | string): Envelope {
  const text = typeof body === 'string' ? body : body.toString('utf8');

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The SyntaxError quotes the body, so it is dropped rather than kept.
    throw unreadableBody(describeNonJson(text));
  }

  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw unreadableBody('JSON that is not shaped like a Mimecast answer');
  }
  return parsed.data;
}

/** The error codes of every entry in `fail`, in order. */
export function failCodes(envelope: Envelope | undefined): string[] {
  if (!envelope) return [];
  return envelope.fail.flatMap((entry) => [
    ...(entry.code === undefined ? [] : [entry.code]),
    ...entry.errors.map((e) => e.code),
  ]);
}

/**
 * Says what a body that is not JSON looks like, without quoting it; an HTML
 * page is named by a short, cleaned excerpt of its title.
 */
export function describeNonJson(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty body';

  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
  if (title !== undefined) return `an HTML page titled "${cleanTitle(title)}"`;
  if (/^<(!doctype\s+html|html)/i.test(trimmed)) return 'an HTML page';
  if (/^[[{]/.test(trimmed)) return 'JSON that was cut short or malformed';
  return 'a body that is not JSON';
}

function cleanTitle(title: string): string {
  const clean = title
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/["\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

function unreadableBody(description: string): CliError {
  return new CliError({
    code: 'server_error',
    message: `Mimecast's answer could not be read: it was ${description} instead of an API answer.`,
    hint: 'Try again in a few minutes. If it keeps happening, check that the base URL is the Mimecast API host of your region and that no proxy rewrites HTTPS traffic to it.',
  });
}
