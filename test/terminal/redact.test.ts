import { describe, expect, it } from 'vitest';

import {
  REDACTED,
  createRedactor,
  maskSecret,
  redactHeaders,
} from '../../src/terminal/redact.js';

const SECRET_KEY =
  'c2VjcmV0LWtleS1tYXRlcmlhbC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcA+/=';
const ACCESS_KEY = 'mYaCcEsS-kEy_0123456789abcdef';

describe('createRedactor', () => {
  it('replaces every occurrence of each secret', () => {
    const redact = createRedactor([SECRET_KEY, ACCESS_KEY]);
    const text = `key=${ACCESS_KEY} secret=${SECRET_KEY} again ${ACCESS_KEY}`;
    expect(redact(text)).toBe(
      `key=${REDACTED} secret=${REDACTED} again ${REDACTED}`,
    );
  });

  it('treats secrets as literal text, not as patterns', () => {
    const redact = createRedactor(['a+b.c*d(e)']);
    expect(redact('x a+b.c*d(e) y aabbccdde')).toBe(
      `x ${REDACTED} y aabbccdde`,
    );
  });

  it('ignores undefined, empty and very short values', () => {
    const redact = createRedactor([undefined, '', '   ', 'abc', 'abcd']);
    expect(redact('abc abcd a b c')).toBe(`abc ${REDACTED} a b c`);
  });

  it('replaces a longer secret whole when a shorter one is inside it', () => {
    const redact = createRedactor(['1234', 'xx1234yy']);
    expect(redact('xx1234yy 1234')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('does not break its own marker when a secret is part of it', () => {
    const redact = createRedactor(['token-value', 'dacted']);
    expect(redact('token-value')).toBe(REDACTED);
  });

  it('accepts any iterable, such as a set that grows later', () => {
    const secrets = new Set<string>(['first-secret']);
    expect(createRedactor(secrets)('first-secret')).toBe(REDACTED);
  });

  it('leaves text without secrets unchanged', () => {
    const text = 'POST https://eu-api.mimecast.com/api/account/get-account 200';
    expect(createRedactor([SECRET_KEY])(text)).toBe(text);
  });
});

describe('createRedactor: credentials it was not told about', () => {
  const redact = createRedactor([]);

  it('hides an Authorization header line', () => {
    expect(redact('Authorization: MC someKey:c2lnbmF0dXJl')).toBe(
      `Authorization: ${REDACTED}`,
    );
    expect(redact('authorization = Bearer abc\nnext line')).toBe(
      `authorization = ${REDACTED}\nnext line`,
    );
  });

  it('hides an Authorization value inside JSON', () => {
    const json = JSON.stringify({
      Authorization: 'MC key:sig',
      'x-mc-app-id': 'app',
    });
    expect(redact(json)).toBe(
      `{"Authorization":"${REDACTED}","x-mc-app-id":"app"}`,
    );
  });

  it('hides Bearer, MC and Basic-Cloud credentials anywhere', () => {
    expect(redact('sent Bearer eyJhbGciOi.J9x_y-z= to XDR')).toBe(
      `sent Bearer ${REDACTED} to XDR`,
    );
    expect(redact('header MC AKxyz-123:WOywLsnZlsE+D6bp/ug6uch5kxc= ok')).toBe(
      `header MC ${REDACTED} ok`,
    );
    expect(redact('login Basic-Cloud c3ZjQGV4YW1wbGUuY29tOnB3 sent')).toBe(
      `login Basic-Cloud ${REDACTED} sent`,
    );
    expect(redact('login Basic-AD c3ZjQGV4YW1wbGUuY29tOnB3')).toBe(
      `login Basic-AD ${REDACTED}`,
    );
  });

  it('leaves prose that mentions a scheme alone', () => {
    const text = 'XDR expects a Bearer token; Mimecast signs with MC keys.';
    expect(redact(text)).toBe(text);
  });

  it('hides the signature once the access key is already redacted', () => {
    const redactKey = createRedactor([ACCESS_KEY]);
    expect(redactKey(`MC ${ACCESS_KEY}:c2lnbmF0dXJlPQ==`)).toBe(
      `MC ${REDACTED}`,
    );
  });

  it('hides secret fields of JSON, such as keys in a login answer', () => {
    const body = JSON.stringify({
      data: [{ accessKey: 'new-access', secretKey: 'bmV3\\"x', duration: 1 }],
    });
    const redacted = redact(body);
    expect(redacted).not.toContain('new-access');
    expect(redacted).not.toContain('bmV3');
    expect(JSON.parse(redacted)).toEqual({
      data: [{ accessKey: REDACTED, secretKey: REDACTED, duration: 1 }],
    });
  });
});

describe('maskSecret', () => {
  it('keeps only the last 4 characters', () => {
    expect(maskSecret(SECRET_KEY)).toBe('••••A+/=');
    expect(maskSecret('12345678')).toBe('••••5678');
  });

  it('masks short values whole', () => {
    expect(maskSecret('1234567')).toBe('••••');
    expect(maskSecret('ab')).toBe('••••');
    expect(maskSecret('')).toBe('');
  });
});

describe('redactHeaders', () => {
  it('replaces Authorization in any letter case, and cookies', () => {
    const headers = {
      Authorization: 'MC a:b',
      'x-mc-app-id': 'app-1',
      'Content-Type': 'application/json',
      'set-cookie': ['session=1'],
    };
    expect(redactHeaders(headers)).toEqual({
      Authorization: REDACTED,
      'x-mc-app-id': 'app-1',
      'Content-Type': 'application/json',
      'set-cookie': REDACTED,
    });
    expect(redactHeaders({ AUTHORIZATION: 'x' })).toEqual({
      AUTHORIZATION: REDACTED,
    });
  });

  it('returns a copy and leaves the original alone', () => {
    const headers = { authorization: 'Bearer token-value-123' };
    const copy = redactHeaders(headers);
    expect(copy).not.toBe(headers);
    expect(headers.authorization).toBe('Bearer token-value-123');
  });
});
