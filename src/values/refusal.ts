import type { z } from 'zod';

/** Why a value was refused, carried through zod as an issue's params. */
export interface Refusal {
  reason: string;
  hint: string;
  code?: 'invalid_value' | 'host_not_allowed';
  /** False when the value must not be quoted back, even if not secret. */
  echo?: boolean;
}

/** zod params that make a failed check stop parsing with this refusal. */
export function refuse(refusal: Refusal) {
  return { message: refusal.reason, params: { ...refusal }, abort: true };
}

/** Reads back the refusal a failed parse carried, or a generic one. */
export function refusalOf(error: z.ZodError): Refusal {
  const issue = error.issues[0];
  const params = issue?.code === 'custom' ? issue.params : undefined;
  if (isRefusal(params)) return params;

  return {
    reason: 'is not valid',
    hint: 'Copy the value again, and nothing around it.',
  };
}

function isRefusal(value: unknown): value is Refusal {
  const candidate = value as Partial<Refusal> | undefined;
  return (
    typeof candidate?.reason === 'string' &&
    typeof candidate.hint === 'string'
  );
}

const MAX_QUOTED = 60;

/** Quotes a non-secret value for a message, cut to a readable length. */
export function quote(value: string): string {
  const short =
    value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value;
  return JSON.stringify(short);
}
