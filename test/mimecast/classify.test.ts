import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import {
  classifyApi2Response,
  classifyResponse,
  classifyTokenFailure,
  describeNetworkError,
  isTokenExpired,
  TokenExpiredError,
  unreachableError,
} from '../../src/mimecast/classify.js';
import type { ResponseFacts } from '../../src/mimecast/classify.js';
import { parseEnvelope } from '../../src/mimecast/envelope.js';

const NOW = new Date('2024-05-01T12:00:00Z');

function facts(
  status: number,
  body: unknown = { meta: { status }, data: [], fail: [] },
  headers: Record<string, string> = {},
): ResponseFacts {
  return {
    status,
    headers,
    envelope: parseEnvelope(JSON.stringify(body)),
    now: NOW,
  };
}

function failing(code: string, status = 200) {
  return {
    meta: { status },
    data: [],
    fail: [{ errors: [{ code, message: 'text', retryable: false }] }],
  };
}

function codeOf(input: ResponseFacts): string | undefined {
  return classifyResponse(input)?.code;
}

describe('classifyResponse', () => {
  it('finds nothing wrong with a plain 200', () => {
    expect(classifyResponse(facts(200))).toBeUndefined();
  });

  it('reads a 401 as an invalid signature that names all three keys', () => {
    const error = classifyResponse(facts(401)) as CliError;
    expect(error.code).toBe('invalid_signature');
    expect(error.message).toMatch(/Access Key, Secret Key or Application Key/);
    expect(error.message).toMatch(/does not say which/);
    expect(error.message).toMatch(/wrong region/);
    expect(error.hint).toContain('mimecast-xdr keys create');
  });

  it('reads err_xdk_invalid_signature as an invalid signature', () => {
    expect(codeOf(facts(200, failing('err_xdk_invalid_signature')))).toBe(
      'invalid_signature',
    );
  });

  it('reads an invalid signature with a far-off server clock as skew', () => {
    const date = new Date(NOW.getTime() + 10 * 60_000).toUTCString();
    const error = classifyResponse(facts(401, {}, { date })) as CliError;
    expect(error.code).toBe('clock_skew');
    expect(error.message).toContain('10 minutes behind');
    expect(error.hint).toMatch(/clock/);
  });

  it('allows up to five minutes of difference', () => {
    const date = new Date(NOW.getTime() - 4 * 60_000).toUTCString();
    expect(codeOf(facts(401, {}, { date }))).toBe('invalid_signature');
  });

  it('reads err_developer_key in a 200 as an invalid App ID', () => {
    const error = classifyResponse(
      facts(200, failing('err_developer_key')),
    ) as CliError;
    expect(error.code).toBe('invalid_app_id');
    expect(error.message).toMatch(/30 minutes/);
  });

  it.each([
    ['HTTP 418', facts(418)],
    ['err_xdk_binding_expired', facts(200, failing('err_xdk_binding_expired'))],
  ])('reads %s as expired keys, naming the commands', (_name, input) => {
    const error = classifyResponse(input) as CliError;
    expect(error.code).toBe('keys_expired');
    expect(error.hint).toContain('Never Expire');
    expect(error.hint).toContain('`mimecast-xdr keys create`');
    expect(error.hint).toContain('`mimecast-xdr push`');
  });

  it.each([
    ['HTTP 403', facts(403)],
    ['meta.status 403 in a 200', facts(200, { meta: { status: 403 } })],
  ])('reads %s as a missing permission', (_name, input) => {
    const error = classifyResponse(input) as CliError;
    expect(error.code).toBe('permission_denied');
    expect(error.hint).toContain('Administration > Account > Roles');
  });

  it('reads 429 as rate limited', () => {
    expect(codeOf(facts(429))).toBe('rate_limited');
  });

  it('reads a 5xx as a server error with its status and page', () => {
    const bodyError = new CliError({
      code: 'server_error',
      message: 'an HTML page titled "Down"',
      hint: 'h',
    });
    const error = classifyResponse({
      status: 503,
      headers: {},
      bodyError,
      now: NOW,
    }) as CliError;
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain('"Down"');
  });

  it('reads an unknown fail code as a server error naming it', () => {
    const error = classifyResponse(
      facts(200, failing('err_something_new')),
    ) as CliError;
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('err_something_new');
    expect(error.message).not.toContain('text');
  });

  it('reads another 4xx as a server error', () => {
    expect(codeOf(facts(405))).toBe('server_error');
  });

  it('passes on an unreadable 200 body', () => {
    const bodyError = new CliError({
      code: 'server_error',
      message: 'cut short',
      hint: 'h',
    });
    expect(
      classifyResponse({ status: 200, headers: {}, bodyError, now: NOW }),
    ).toBe(bodyError);
  });
});

describe('unreachableError', () => {
  const withCode = (code: string) =>
    Object.assign(new Error('boom'), { code });

  it.each([
    ['ENOTFOUND', /does not resolve/],
    ['ECONNREFUSED', /refused the connection/],
    ['ECONNRESET', /connection was cut/],
    ['ETIMEDOUT', /did not answer in time/],
    ['ECONNABORTED', /did not answer in time/],
    ['CERT_HAS_EXPIRED', /TLS certificate.*CERT_HAS_EXPIRED/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /TLS certificate/],
    ['EWHATEVER', /failed \(EWHATEVER\)/],
  ])('explains %s', (code, pattern) => {
    expect(describeNetworkError(withCode(code))).toMatch(pattern);
  });

  it('names the host and the fix', () => {
    const host = 'eu-api.mimecast.com';
    const error = unreachableError(withCode('ENOTFOUND'), host);
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('eu-api.mimecast.com');
    expect(error.hint).toContain('--timeout');
  });
});

describe('classifyApi2Response', () => {
  const expiredOnEntry = {
    meta: { status: 401 },
    data: [],
    fail: [{ code: 'token_expired', message: 'expired' }],
  };

  it.each([
    ['on the fail entry', expiredOnEntry],
    ['in its errors', failing('token_expired', 401)],
  ])('turns a 401 token_expired %s into TokenExpiredError', (_w, body) => {
    const error = classifyApi2Response(facts(401, body));

    expect(isTokenExpired(facts(401, body))).toBe(true);
    expect(error).toBeInstanceOf(TokenExpiredError);
    expect(error?.code).toBe('invalid_client');
  });

  it('reports any other 401 as invalid_client, never a signature', () => {
    const error = classifyApi2Response(
      facts(401, failing('err_xdk_invalid_signature', 401)),
    );

    expect(error?.code).toBe('invalid_client');
    expect(error).not.toBeInstanceOf(TokenExpiredError);
  });

  it('counts token_expired as an expiry only on a 401', () => {
    expect(isTokenExpired(facts(200, failing('token_expired')))).toBe(false);
  });

  it('classifies the rest as API 1.0 does', () => {
    expect(classifyApi2Response(facts(200))).toBeUndefined();
    expect(classifyApi2Response(facts(403))?.code).toBe('permission_denied');
    expect(classifyApi2Response(facts(429))?.code).toBe('rate_limited');
  });
});

describe('classifyTokenFailure', () => {
  it.each([
    [401, undefined, 'invalid_client'],
    [400, 'invalid_client', 'invalid_client'],
    [403, 'oauth.v2.InvalidApiKey', 'invalid_client'],
    [400, 'invalid_request', 'server_error'],
    [403, undefined, 'server_error'],
    [429, undefined, 'rate_limited'],
    [502, undefined, 'server_error'],
  ])('turns HTTP %i (%s) into %s', (status, reason, code) => {
    expect(classifyTokenFailure(status, reason).code).toBe(code);
  });
});
