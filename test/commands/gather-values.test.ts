import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  mergeValues,
  readCredentialsStdin,
  requireValues,
  valuesFromEnv,
  valuesFromFlags,
} from '../../src/commands/gather-values.js';
import { CliError } from '../../src/errors.js';

const SECRET = 'c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw==';

function caught(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

async function caughtAsync(run: () => Promise<unknown>): Promise<CliError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('value sources', () => {
  it('takes only non-secret values from flags', () => {
    const values = valuesFromFlags({
      appId: 'app',
      baseUrl: 'https://eu-api.mimecast.com',
      secretKey: SECRET,
    });

    expect(values).toEqual({
      appId: 'app',
      baseUrl: 'https://eu-api.mimecast.com',
      xdrEndpoint: undefined,
    });
  });

  it('reads the documented variables and ignores empty ones', () => {
    const values = valuesFromEnv({
      MIMECAST_APP_ID: 'app',
      MIMECAST_SECRET_KEY: SECRET,
      MIMECAST_ACCESS_KEY: '',
    });

    expect(values).toEqual({ appId: 'app', secretKey: SECRET });
  });

  it('lets the first source that has a value win, and says which', () => {
    const merged = mergeValues([
      ['flag', { appId: 'from-flag' }],
      ['environment', { appId: 'from-env', appKey: 'env-key' }],
      ['profile', { appKey: 'stored-key', baseUrl: 'stored-url' }],
    ]);

    expect(merged.values).toEqual({
      appId: 'from-flag',
      appKey: 'env-key',
      baseUrl: 'stored-url',
    });
    expect(merged.sources).toEqual({
      appId: 'flag',
      appKey: 'environment',
      baseUrl: 'profile',
    });
  });
});

describe('requireValues', () => {
  it('names the flag and the variable of a missing non-secret', () => {
    const error = caught(() => requireValues({}, ['baseUrl', 'appKey']));

    expect(error.code).toBe('missing_value');
    expect(error.field).toBe('baseUrl');
    expect(error.hint).toContain('--base-url or MIMECAST_BASE_URL');
    expect(error.message).toContain('Also missing: Application Key');
  });

  it('names only the variable for a missing secret', () => {
    const error = caught(() => requireValues({}, ['secretKey']));

    expect(error.field).toBe('secretKey');
    expect(error.hint).toContain('MIMECAST_SECRET_KEY');
    expect(error.hint).not.toContain('--secret-key');
  });

  it('passes when every value is there', () => {
    expect(() => requireValues({ appId: 'x' }, ['appId'])).not.toThrow();
  });
});

describe('readCredentialsStdin', () => {
  it('reads one JSON object of values', async () => {
    const stdin = Readable.from([`{"secretKey":"${SECRET}","appId":"a"}`]);

    expect(await readCredentialsStdin(stdin)).toEqual({
      secretKey: SECRET,
      appId: 'a',
    });
  });

  it('refuses text that is not JSON without repeating it', async () => {
    const error = await caughtAsync(() =>
      readCredentialsStdin(Readable.from([`secretKey=${SECRET}`])),
    );

    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('credentials-stdin');
    expect(`${error.message} ${error.hint}`).not.toContain(SECRET);
  });

  it('names an unknown key, and a value that is not text', async () => {
    const unknown = await caughtAsync(() =>
      readCredentialsStdin(Readable.from(['{"secret":"x"}'])),
    );
    const notText = await caughtAsync(() =>
      readCredentialsStdin(Readable.from(['{"appKey":42}'])),
    );

    expect(unknown.message).toContain('"secret"');
    expect(notText.message).toContain('"appKey"');
  });
});
