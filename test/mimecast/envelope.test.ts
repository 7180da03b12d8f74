import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import {
  describeNonJson,
  failCodes,
  parseEnvelope,
} from '../../src/mimecast/envelope.js';

function parseError(body: string): CliError {
  try {
    parseEnvelope(body);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('parseEnvelope accepted the body');
}

describe('parseEnvelope', () => {
  it('reads a full answer from a buffer', () => {
    const body = Buffer.from(
      JSON.stringify({
        meta: { status: 200, pagination: { pageSize: 1 }, isLastToken: true },
        data: [{ accountCode: 'CUK1' }],
        fail: [{ key: {}, errors: [{ code: 'err_x', message: 'm' }] }],
      }),
    );
    const envelope = parseEnvelope(body);
    expect(envelope.meta).toMatchObject({ status: 200, isLastToken: true });
    expect(envelope.data).toEqual([{ accountCode: 'CUK1' }]);
    expect(failCodes(envelope)).toEqual(['err_x']);
  });

  it('reads an API 2.0 code on the fail entry itself', () => {
    const envelope = parseEnvelope(
      '{"fail":[{"code":"token_expired","message":"expired"}]}',
    );
    expect(failCodes(envelope)).toEqual(['token_expired']);
  });

  it('fills missing parts with empty defaults', () => {
    expect(parseEnvelope('{}')).toEqual({ meta: {}, data: [], fail: [] });
  });

  it('tolerates odd values inside fail entries', () => {
    const envelope = parseEnvelope(
      '{"fail":[{"errors":[{"code":7,"message":null,"retryable":"no"}]}]}',
    );
    expect(envelope.fail[0]?.errors[0]).toEqual({
      code: 'unknown',
      message: '',
      retryable: undefined,
    });
  });

  it.each([
    ['truncated JSON', '{"meta":{"status":200},"data":[{"acc'],
    ['a bare word', 'Service Unavailable'],
    ['an empty body', ''],
  ])('refuses %s as a server_error', (_name, body) => {
    const error = parseError(body);
    expect(error.code).toBe('server_error');
    expect(error.message).toMatch(/^Mimecast's answer could not be read/);
    expect(error.hint).not.toBe('');
  });

  it('never quotes the body nor keeps the parser error', () => {
    const error = parseError('{"secretKey":"c2VjcmV0c2VjcmV0c2VjcmV0"');
    expect(error.message).not.toContain('c2VjcmV0');
    expect(error.message).toContain('cut short');
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toMatch(/SyntaxError|at JSON\.parse/);
  });

  it.each([['[]'], ['"text"'], ['{"data":"not a list"}'], ['null']])(
    'refuses JSON of the wrong shape: %s',
    (body) => {
      expect(parseError(body).message).toContain('not shaped like');
    },
  );

  it('names an HTML page by a cleaned, short title', () => {
    const page =
      '<!DOCTYPE html><html><head><title>503 \u0007Service\n  Unavailable"' +
      '</title></head><body>secret-ish</body></html>';
    const error = parseError(page);
    expect(error.message).toContain(
      'an HTML page titled "503 Service Unavailable"',
    );
    expect(error.message).not.toContain('secret-ish');
  });
});

describe('describeNonJson', () => {
  it('cuts a long title', () => {
    const title = 'x'.repeat(100);
    const text = describeNonJson(`<title>${title}</title>`);
    expect(text).toBe(`an HTML page titled "${'x'.repeat(57)}..."`);
  });

  it('names an HTML page without a title', () => {
    expect(describeNonJson('<html><body>hi</body></html>')).toBe(
      'an HTML page',
    );
  });
});
