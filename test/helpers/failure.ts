import { expect } from 'vitest';
import { CliError } from '../../src/errors.js';

/** Awaits a promise that must reject with a CliError, and returns it. */
export async function failureOf(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}
