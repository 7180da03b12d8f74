import { describe, expect, it } from 'vitest';

import type { ValueName } from '../src/credentials.js';
import { CliError } from '../src/errors.js';
import {
  checkValue,
  cleanPastedValue,
  createHostPolicy,
  inferApiVersion,
  parseApi2Credentials,
  parseCredentials,
  parseDiscoveryUrl,
  parseEmail,
  parseValue,
} from '../src/values.js';
import type { HostPolicy } from '../src/values.js';

const NO_LOOPBACK = createHostPolicy({});
const SIMULATOR = createHostPolicy({
  MIMECAST_XDR_ALLOWED_HOSTS: '127.0.0.1:4010',
});

/** 64 bytes, 88 characters, with + and / in it: like a real Secret Key. */
const SECRET_KEY = Buffer.from(
  Array.from({ length: 64 }, (_, i) => (i * 37 + 251) % 256),
).toString('base64');
const ACCESS_KEY = 'mYaCcEsS-kEy_0123456789abcdefghijklmnopqrstuvwxyz';

function errorOf(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError, got none');
}

function textOf(error: CliError): string {
  return JSON.stringify(error.toInfo());
}

describe('cleanPastedValue', () => {
  it('trims white space, tabs and non-breaking spaces at the edges', () => {
    expect(cleanPastedValue('  \tabc \u00A0')).toBe('abc');
    expect(cleanPastedValue('\u00A0a\u00A0b\u00A0')).toBe('a\u00A0b');
  });

  it.each([
    ['"abc"'],
    ["'abc'"],
    ['`abc`'],
    ['\u201Cabc\u201D'],
    ['\u2018abc\u2019'],
    ['\u201Eabc\u201C'],
    ['" abc "'],
    ['"\'abc\'"'],
    ['```abc```'],
  ])('strips the matching quotes around %s', (raw) => {
    expect(cleanPastedValue(raw)).toBe('abc');
  });

  it('keeps quotes that do not pair up', () => {
    expect(cleanPastedValue('"abc')).toBe('"abc');
    expect(cleanPastedValue('"abc\'')).toBe('"abc\'');
    expect(cleanPastedValue('a"b"')).toBe('a"b"');
    expect(cleanPastedValue('"')).toBe('"');
  });

  it('removes line breaks anywhere, CRLF included', () => {
    expect(cleanPastedValue('abc\r\ndef\r\n')).toBe('abcdef');
    expect(cleanPastedValue('\nab\u2028cd\n')).toBe('abcd');
  });

  it('removes zero-width characters anywhere', () => {
    const raw = '\uFEFF\u200Bab\u200Ccd\u200D\u2060ef\uFEFF';
    expect(cleanPastedValue(raw)).toBe('abcdef');
  });

  it('cleans a quoted value pasted with a Windows line ending', () => {
    expect(cleanPastedValue(' "\u200Babc"\r\n')).toBe('abc');
  });
});

describe('parseValue: Application ID and Application Key', () => {
  it('accepts a pasted value, cleaned', () => {
    const raw = ' "1a2b3c4d-aaaa-bbbb-cccc-0123456789ab"\r\n';
    expect(parseValue('appId', raw, NO_LOOPBACK)).toBe(
      '1a2b3c4d-aaaa-bbbb-cccc-0123456789ab',
    );
    expect(parseValue('appKey', 'k'.repeat(128), NO_LOOPBACK)).toBe(
      'k'.repeat(128),
    );
  });

  it('refuses an empty value, naming the field, flag and variable', () => {
    const error = errorOf(() => parseValue('appId', ' "" ', NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('appId');
    expect(error.message).toContain('Application ID');
    expect(error.message).toContain('--app-id');
    expect(error.message).toContain('MIMECAST_APP_ID');
    expect(error.hint).not.toBe('');
  });

  it('refuses inner white space and quotes a non-secret back', () => {
    const error = errorOf(() => parseValue('appId', 'abc def', NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('white space');
    expect(error.message).toContain('"abc def"');
  });

  it('refuses more than 128 characters', () => {
    const error = errorOf(() =>
      parseValue('appKey', 'k'.repeat(129), NO_LOOPBACK),
    );
    expect(error.message).toContain('128');
    expect(error.field).toBe('appKey');
  });

  it('cuts a long non-secret short when quoting it', () => {
    const long = `${'a'.repeat(100)}b${'c'.repeat(100)}`;
    const error = errorOf(() => parseValue('appId', long, NO_LOOPBACK));
    expect(error.message).toContain(`(got "${'a'.repeat(59)}…")`);
    expect(error.message).not.toContain('b');
  });

  it('names the variable only for the Application Key, a secret', () => {
    const error = errorOf(() => parseValue('appKey', 'a b', NO_LOOPBACK));
    expect(error.message).toContain('Application Key (MIMECAST_APP_KEY)');
    expect(error.message).not.toContain('--');
    expect(error.message).not.toContain('a b');
  });
});

describe('parseValue: Access Key', () => {
  it('accepts 16 to 512 URL-safe base64 characters', () => {
    for (const value of [
      ACCESS_KEY,
      'a'.repeat(16),
      'a'.repeat(512),
      `${'A-_'.repeat(6)}=`,
      `${'b'.repeat(20)}==`,
    ]) {
      expect(parseValue('accessKey', value, NO_LOOPBACK)).toBe(value);
    }
  });

  it.each([
    ['15 characters', 'a'.repeat(15)],
    ['513 characters', 'a'.repeat(513)],
    ['a +', `${'a'.repeat(20)}+b`],
    ['a /', `${'a'.repeat(20)}/b`],
    ['an = inside', `${'a'.repeat(10)}=${'a'.repeat(10)}`],
    ['three =', `${'a'.repeat(20)}===`],
    ['inner white space', `${'a'.repeat(10)} ${'a'.repeat(10)}`],
  ])('refuses %s without echoing it', (_label, value) => {
    const error = errorOf(() => parseValue('accessKey', value, NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('accessKey');
    expect(error.message).toContain('Access Key (MIMECAST_ACCESS_KEY)');
    expect(textOf(error)).not.toContain(value);
  });
});

describe('parseValue: Secret Key', () => {
  it('accepts standard base64 of 64 bytes, and of exactly 16', () => {
    expect(SECRET_KEY).toHaveLength(88);
    expect(parseValue('secretKey', SECRET_KEY, NO_LOOPBACK)).toBe(SECRET_KEY);

    const sixteen = Buffer.alloc(16, 0xfb).toString('base64');
    expect(parseValue('secretKey', sixteen, NO_LOOPBACK)).toBe(sixteen);
  });

  it('accepts a key pasted across two lines', () => {
    const raw = `${SECRET_KEY.slice(0, 40)}\r\n${SECRET_KEY.slice(40)}\n`;
    expect(parseValue('secretKey', raw, NO_LOOPBACK)).toBe(SECRET_KEY);
  });

  it('refuses one bad character in the middle, which Buffer skips', () => {
    const bad = `${SECRET_KEY.slice(0, 40)}!${SECRET_KEY.slice(41)}`;
    expect(Buffer.from(bad, 'base64').length).toBeGreaterThan(16);

    const error = errorOf(() => parseValue('secretKey', bad, NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('secretKey');
    expect(error.message).toContain('position 41');
    expect(error.hint).not.toContain('swapped');
  });

  it('refuses URL-safe characters, which Buffer also decodes', () => {
    const urlSafe = SECRET_KEY.replace(/\+/g, '-').replace(/\//g, '_');
    expect(urlSafe).not.toBe(SECRET_KEY);
    expect(Buffer.from(urlSafe, 'base64')).toEqual(
      Buffer.from(SECRET_KEY, 'base64'),
    );

    const error = errorOf(() => parseValue('secretKey', urlSafe, NO_LOOPBACK));
    expect(error.hint).toContain('swapped');
  });

  it.each([
    ['a missing padding character', SECRET_KEY.slice(0, -1)],
    [
      'padding in the middle',
      `${SECRET_KEY.slice(0, 40)}==${SECRET_KEY.slice(42)}`,
    ],
    ['an extra group of padding', `${SECRET_KEY}====`],
  ])('refuses %s', (_label, value) => {
    const error = errorOf(() => parseValue('secretKey', value, NO_LOOPBACK));
    expect(error.message).toContain('not complete base64');
  });

  it('refuses a last character that does not round-trip', () => {
    const canonical = Buffer.alloc(16).toString('base64');
    const loose = `${canonical.slice(0, -3)}B==`;
    expect(Buffer.from(loose, 'base64')).toEqual(Buffer.alloc(16));

    const error = errorOf(() => parseValue('secretKey', loose, NO_LOOPBACK));
    expect(error.message).toContain('canonical');
  });

  it('refuses fewer than 16 bytes', () => {
    const error = errorOf(() =>
      parseValue('secretKey', 'U2VjcmV0S2V5', NO_LOOPBACK),
    );
    expect(error.message).toContain('16 bytes');
  });

  it('never puts the secret, or a piece of it, in the error', () => {
    const bad = `${SECRET_KEY.slice(0, 40)}.${SECRET_KEY.slice(41)}`;
    const error = errorOf(() => parseValue('secretKey', bad, NO_LOOPBACK));
    const text = textOf(error);
    expect(text).not.toContain(SECRET_KEY.slice(0, 12));
    expect(text).not.toContain(SECRET_KEY.slice(-12));
  });
});

describe('parseValue: XDR API token', () => {
  it('accepts up to 4096 characters without white space', () => {
    const token = 't'.repeat(4096);
    expect(parseValue('xdrToken', ` ${token}\n`, NO_LOOPBACK)).toBe(token);
  });

  it.each([
    ['empty', ''],
    ['too long', 't'.repeat(4097)],
    ['white space', 'tok en-value'],
  ])('refuses a token that is %s', (_label, value) => {
    const error = errorOf(() => parseValue('xdrToken', value, NO_LOOPBACK));
    expect(error.field).toBe('xdrToken');
    expect(error.message).toContain('XDR API token (MIMECAST_XDR_TOKEN)');
  });
});

describe('parseValue: no secret is ever echoed', () => {
  const secretNames: ValueName[] = [
    'appKey',
    'accessKey',
    'secretKey',
    'clientId',
    'clientSecret',
    'xdrToken',
  ];
  it.each(secretNames)('%s', (name) => {
    const value = 'SeCrEtMaRkEr with+bad/chars';
    const error = errorOf(() => parseValue(name, value, NO_LOOPBACK));
    expect(error.field).toBe(name);
    expect(textOf(error)).not.toContain('SeCrEtMaRkEr');
  });
});

describe('parseValue: Base URL', () => {
  it.each([
    'eu-api.mimecast.com',
    'https://eu-api.mimecast.com',
    'https://eu-api.mimecast.com/',
    'https://eu-api.mimecast.com/api',
    'https://eu-api.mimecast.com/api/',
    'https://eu-api.mimecast.com:443',
    'HTTPS://EU-API.Mimecast.COM',
    ' "https://eu-api.mimecast.com/"\r\n',
  ])('normalises %j to the origin', (raw) => {
    expect(parseValue('baseUrl', raw, NO_LOOPBACK)).toBe(
      'https://eu-api.mimecast.com',
    );
  });

  it('accepts every regional host and the API 2.0 hosts', () => {
    for (const host of [
      'uspcom-api.mimecast-pscom-us.com',
      'jer-api.mimecast.com',
      'sandbox-api.mimecast.com',
      'api.services.mimecast.com',
      'us-api.services.mimecast.com',
    ]) {
      expect(parseValue('baseUrl', host, NO_LOOPBACK)).toBe(`https://${host}`);
    }
  });

  it.each([
    ['another path', 'https://eu-api.mimecast.com/api/account/get-account'],
    ['a query string', 'https://eu-api.mimecast.com/?region=eu'],
    ['an empty query', 'https://eu-api.mimecast.com/?'],
    ['a fragment', 'https://eu-api.mimecast.com/#top'],
    ['a port', 'https://eu-api.mimecast.com:8443'],
    ['plain http', 'http://eu-api.mimecast.com'],
    ['another scheme', 'ftp://eu-api.mimecast.com'],
    ['no host', 'https://'],
    ['white space', 'https://eu api.mimecast.com'],
    ['nothing', '  '],
  ])('refuses %s as invalid_value', (_label, raw) => {
    const error = errorOf(() => parseValue('baseUrl', raw, NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('baseUrl');
    expect(error.message).toContain(
      'Base URL (--base-url or MIMECAST_BASE_URL)',
    );
  });

  it('refuses credentials in the URL without echoing them', () => {
    const raw = 'https://admin:hunter2@eu-api.mimecast.com';
    const error = errorOf(() => parseValue('baseUrl', raw, NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(textOf(error)).not.toContain('hunter2');
  });

  it.each([
    'https://evil.example',
    'eu-api.mimecast.com.evil.example',
    'https://mimecast.com',
    'https://10.0.0.1',
  ])('refuses %s as host_not_allowed, listing the hosts', (raw) => {
    const error = errorOf(() => parseValue('baseUrl', raw, NO_LOOPBACK));
    expect(error.code).toBe('host_not_allowed');
    expect(error.field).toBe('baseUrl');
    expect(error.hint).toContain('https://eu-api.mimecast.com');
    expect(error.hint).toContain('MIMECAST_XDR_ALLOWED_HOSTS');
  });

  it('refuses the discovery host, which serves discovery only', () => {
    const error = errorOf(() =>
      parseValue('baseUrl', 'https://api.mimecast.com', NO_LOOPBACK),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(error.message).toContain('api.mimecast.com');
  });

  it('refuses a loopback host that the policy does not list', () => {
    const error = errorOf(() =>
      parseValue('baseUrl', 'http://127.0.0.1:4010', NO_LOOPBACK),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(error.message).toContain('127.0.0.1:4010');
    expect(error.hint).toContain('MIMECAST_XDR_ALLOWED_HOSTS');
  });

  it('allows a listed loopback host:port, over http or https', () => {
    expect(parseValue('baseUrl', 'http://127.0.0.1:4010/', SIMULATOR)).toBe(
      'http://127.0.0.1:4010',
    );
    expect(parseValue('baseUrl', 'https://127.0.0.1:4010/api', SIMULATOR))
      .toBe('https://127.0.0.1:4010');
  });

  it('allows exactly the listed host and port, nothing near it', () => {
    for (const raw of [
      'http://127.0.0.1:4011',
      'http://127.0.0.1',
      'http://localhost:4010',
      'http://127.0.0.2:4010',
    ]) {
      const error = errorOf(() => parseValue('baseUrl', raw, SIMULATOR));
      expect(error.code).toBe('host_not_allowed');
    }
  });

  it('still refuses paths on an allowed loopback host', () => {
    const raw = 'http://127.0.0.1:4010/api/account/get-account';
    const error = errorOf(() => parseValue('baseUrl', raw, SIMULATOR));
    expect(error.code).toBe('invalid_value');
  });

  it('matches localhost and IPv6 loopback entries', () => {
    const policy = createHostPolicy({
      MIMECAST_XDR_ALLOWED_HOSTS: 'LocalHost:5000, [::1]:5001',
    });
    expect(parseValue('baseUrl', 'http://localhost:5000', policy)).toBe(
      'http://localhost:5000',
    );
    expect(parseValue('baseUrl', 'http://[::1]:5001', policy)).toBe(
      'http://[::1]:5001',
    );
  });
});

describe('parseValue: XDR integration endpoint', () => {
  it('accepts an https URL on a public host, path included', () => {
    const url = 'https://xdr.example.com/api/v1/integrations/mimecast';
    expect(parseValue('xdrEndpoint', url, NO_LOOPBACK)).toBe(url);
    expect(
      parseValue('xdrEndpoint', 'xdr.example.com/hook', NO_LOOPBACK),
    ).toBe('https://xdr.example.com/hook');
  });

  it('allows a listed loopback receiver over http', () => {
    const url = 'http://127.0.0.1:4010/xdr/integrations';
    expect(parseValue('xdrEndpoint', url, SIMULATOR)).toBe(url);
  });

  it('refuses an unlisted loopback receiver', () => {
    const error = errorOf(() =>
      parseValue('xdrEndpoint', 'http://localhost:9000/x', SIMULATOR),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(error.field).toBe('xdrEndpoint');
  });

  it.each([
    'https://10.1.2.3/hook',
    'https://192.168.0.10/hook',
    'https://172.20.0.1/hook',
    'https://169.254.169.254/latest',
    'https://[fd00::1]/hook',
    'https://intranet/hook',
    'https://xdr.local/hook',
    'https://localhost.localdomain/hook',
  ])('refuses the non-public host of %s', (raw) => {
    const error = errorOf(() => parseValue('xdrEndpoint', raw, NO_LOOPBACK));
    expect(error.code).toBe('host_not_allowed');
    expect(error.hint).toContain('MIMECAST_XDR_ALLOWED_HOSTS');
  });

  it.each([
    ['plain http', 'http://xdr.example.com/hook'],
    ['a query string', 'https://xdr.example.com/hook?token=abc'],
    ['credentials', 'https://user:pw@xdr.example.com/hook'],
    ['garbage', 'https://exa mple.com'],
  ])('refuses %s', (_label, raw) => {
    const error = errorOf(() => parseValue('xdrEndpoint', raw, NO_LOOPBACK));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain(
      'XDR integration endpoint (--xdr-endpoint or MIMECAST_XDR_ENDPOINT)',
    );
  });
});

describe('checkValue', () => {
  it('returns the parsed value when it passes', () => {
    expect(checkValue('baseUrl', 'de-api.mimecast.com', NO_LOOPBACK)).toEqual({
      ok: true,
      value: 'https://de-api.mimecast.com',
    });
  });

  it('returns the same message parseValue throws', () => {
    const error = errorOf(() => parseValue('accessKey', 'short', NO_LOOPBACK));
    expect(checkValue('accessKey', 'short', NO_LOOPBACK)).toEqual({
      ok: false,
      message: error.message,
    });
  });
});

describe('parseCredentials', () => {
  const values = {
    appId: ' app-id-1 ',
    appKey: '"app-key-1"',
    accessKey: ACCESS_KEY,
    secretKey: `${SECRET_KEY}\n`,
    baseUrl: 'eu-api.mimecast.com/api',
  };

  it('returns all five values cleaned and normalised', () => {
    expect(parseCredentials(values, NO_LOOPBACK)).toEqual({
      appId: 'app-id-1',
      appKey: 'app-key-1',
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      baseUrl: 'https://eu-api.mimecast.com',
    });
  });

  it('throws the first refused value', () => {
    const error = errorOf(() =>
      parseCredentials({ ...values, secretKey: 'nope!' }, NO_LOOPBACK),
    );
    expect(error.field).toBe('secretKey');
  });

  it('reports a missing value as missing_value naming its variable', () => {
    const error = errorOf(() =>
      parseCredentials({ ...values, accessKey: undefined }, NO_LOOPBACK),
    );
    expect(error.code).toBe('missing_value');
    expect(error.field).toBe('accessKey');
    expect(error.hint).toContain('Set MIMECAST_ACCESS_KEY');
    expect(error.hint).toContain('--credentials-stdin');
  });
});

describe('parseEmail', () => {
  it('accepts an address and lower-cases its domain only', () => {
    expect(parseEmail(' "XDR-Siem@Example.COM"\r\n')).toBe(
      'XDR-Siem@example.com',
    );
    expect(parseEmail('a.b+c@mail.example.co.uk')).toBe(
      'a.b+c@mail.example.co.uk',
    );
  });

  it.each([
    '',
    'svc',
    'svc@',
    '@example.com',
    'svc@example',
    'svc @example.com',
    'svc@exa mple.com',
    'a@b@example.com',
    'svc@example..com',
    'svc@-example.com',
    'svc@example.c',
  ])('refuses %j', (raw) => {
    const error = errorOf(() => parseEmail(raw));
    expect(error.code).toBe('invalid_value');
    expect(error.field).toBe('email');
    expect(error.message).toContain('--email or MIMECAST_EMAIL');
  });
});

describe('parseDiscoveryUrl', () => {
  it('accepts the global discovery host and regional hosts', () => {
    expect(parseDiscoveryUrl('https://api.mimecast.com/', NO_LOOPBACK)).toBe(
      'https://api.mimecast.com',
    );
    expect(parseDiscoveryUrl('us-api.mimecast.com', NO_LOOPBACK)).toBe(
      'https://us-api.mimecast.com',
    );
  });

  it('allows a listed loopback server and refuses others', () => {
    expect(parseDiscoveryUrl('http://127.0.0.1:4010', SIMULATOR)).toBe(
      'http://127.0.0.1:4010',
    );
    const error = errorOf(() =>
      parseDiscoveryUrl('https://evil.example', SIMULATOR),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(error.field).toBe('discoveryUrl');
    expect(error.message).toContain('MIMECAST_DISCOVERY_URL');
  });
});

describe('createHostPolicy', () => {
  function entries(policy: HostPolicy): string[] {
    return [...policy.allowedLoopback].sort();
  }

  it('is empty when nothing is listed', () => {
    expect(entries(createHostPolicy({}))).toEqual([]);
    expect(
      entries(createHostPolicy({ MIMECAST_XDR_ALLOWED_HOSTS: ' , ' })),
    ).toEqual([]);
  });

  it('reads comma-separated entries, tolerating white space', () => {
    const policy = createHostPolicy({
      MIMECAST_XDR_ALLOWED_HOSTS: ' 127.0.0.1:4010 ,LOCALHOST:4011,,',
    });
    expect(entries(policy)).toEqual(['127.0.0.1:4010', 'localhost:4011']);
  });

  it('adds extra entries, such as the simulator --demo started', () => {
    const policy = createHostPolicy(
      { MIMECAST_XDR_ALLOWED_HOSTS: '127.0.0.1:4010' },
      ['127.0.0.1:5555'],
    );
    expect(entries(policy)).toEqual(['127.0.0.1:4010', '127.0.0.1:5555']);
  });

  it('spells IPv6 and short IPv4 loopback entries as URLs do', () => {
    const policy = createHostPolicy({}, ['[0:0:0:0:0:0:0:1]:4010', '127.1:80']);
    expect(entries(policy)).toEqual(['127.0.0.1:80', '[::1]:4010']);
  });

  it.each([
    'xdr.example.com:443',
    '10.0.0.1:4010',
    '127.0.0.1',
    '127.0.0.1:99999',
    'http://127.0.0.1:4010',
    'user@127.0.0.1:4010',
    '127.0.0.1:4010/path',
  ])('refuses %j, which is not a loopback host:port', (entry) => {
    const error = errorOf(() =>
      createHostPolicy({ MIMECAST_XDR_ALLOWED_HOSTS: entry }),
    );
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('MIMECAST_XDR_ALLOWED_HOSTS');
  });
});

describe('parseValue: Client ID and Client Secret', () => {
  it('accepts pasted values, cleaned', () => {
    expect(parseValue('clientId', ' "cid-0123" ', NO_LOOPBACK)).toBe(
      'cid-0123',
    );
    expect(parseValue('clientSecret', 'sec+ret/==\n', NO_LOOPBACK)).toBe(
      'sec+ret/==',
    );
  });

  it.each([
    ['clientId', 256],
    ['clientSecret', 512],
  ] as const)('caps the %s at %i characters', (name, max) => {
    expect(parseValue(name, 'x'.repeat(max), NO_LOOPBACK)).toHaveLength(max);

    const error = errorOf(() =>
      parseValue(name, 'x'.repeat(max + 1), NO_LOOPBACK),
    );
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain(`longer than ${max}`);
  });

  it.each(['clientId', 'clientSecret'] as const)(
    'refuses an empty or spaced %s without quoting it',
    (name) => {
      const empty = errorOf(() => parseValue(name, '  ', NO_LOOPBACK));
      const spaced = errorOf(() =>
        parseValue(name, 'QuOtEmE not this', NO_LOOPBACK),
      );

      expect(empty.field).toBe(name);
      expect(empty.message).toContain('is empty');
      expect(spaced.message).toContain('white space');
      expect(textOf(spaced)).not.toContain('QuOtEmE');
    },
  );

  it('names the flag of the Client ID and only the variable of the secret', () => {
    const id = errorOf(() => parseValue('clientId', '', NO_LOOPBACK));
    const secret = errorOf(() => parseValue('clientSecret', '', NO_LOOPBACK));

    expect(id.message).toContain('Client ID (--client-id or MIMECAST_CLIENT_ID)');
    expect(secret.message).toContain('Client Secret (MIMECAST_CLIENT_SECRET)');
    expect(secret.hint).toContain('shown only once');
  });
});

describe('parseValue: Base URL of one API version', () => {
  it.each([
    ['api.services.mimecast.com', 'https://api.services.mimecast.com'],
    [
      'https://uk-api.services.mimecast.com/',
      'https://uk-api.services.mimecast.com',
    ],
    [
      'us-api.services.mimecast.com/api',
      'https://us-api.services.mimecast.com',
    ],
  ])('accepts the API 2.0 host %s for 2.0', (raw, origin) => {
    expect(parseValue('baseUrl', raw, NO_LOOPBACK, '2.0')).toBe(origin);
  });

  it.each(['https://eu-api.mimecast.com', 'https://api.mimecast.com'])(
    'refuses the API 1.0 host %s for 2.0, naming the 2.0 hosts',
    (raw) => {
      const error = errorOf(() =>
        parseValue('baseUrl', raw, NO_LOOPBACK, '2.0'),
      );

      expect(error.code).toBe('invalid_value');
      expect(error.field).toBe('baseUrl');
      expect(error.message).toContain('an API 1.0 host');
      expect(error.hint).toContain('https://api.services.mimecast.com');
      expect(error.hint).toContain('https://uk-api.services.mimecast.com');
      expect(error.hint).toContain('https://us-api.services.mimecast.com');
    },
  );

  it('refuses an unknown host for 2.0 as host_not_allowed', () => {
    const error = errorOf(() =>
      parseValue('baseUrl', 'https://example.com', NO_LOOPBACK, '2.0'),
    );

    expect(error.code).toBe('host_not_allowed');
    expect(error.hint).toContain('https://us-api.services.mimecast.com');
  });

  it('refuses an API 2.0 host for 1.0, saying it is one', () => {
    const error = errorOf(() =>
      parseValue('baseUrl', 'api.services.mimecast.com', NO_LOOPBACK, '1.0'),
    );

    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('an API 2.0 host');
    expect(error.hint).toContain('https://eu-api.mimecast.com');
    expect(error.hint).toContain('Client ID');
  });

  it('allows a listed loopback host for either version', () => {
    for (const version of ['1.0', '2.0'] as const) {
      expect(
        parseValue('baseUrl', 'http://127.0.0.1:4010', SIMULATOR, version),
      ).toBe('http://127.0.0.1:4010');
    }
  });

  it('gives checkValue the same rules', () => {
    const result = checkValue(
      'baseUrl',
      'eu-api.mimecast.com',
      NO_LOOPBACK,
      '2.0',
    );
    expect(result.ok).toBe(false);
  });
});

describe('parseCredentials: the base URL', () => {
  it('refuses an API 2.0 host given with API 1.0 keys', () => {
    const values = {
      appId: 'app-id-1',
      appKey: 'app-key-1',
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      baseUrl: 'https://us-api.services.mimecast.com',
    };

    const error = errorOf(() => parseCredentials(values, NO_LOOPBACK));
    expect(error.message).toContain('an API 2.0 host');
  });
});

describe('parseApi2Credentials', () => {
  const values = {
    clientId: ' client-id-1 ',
    clientSecret: '"client-secret-1"',
    baseUrl: 'uk-api.services.mimecast.com',
  };

  it('returns the three values cleaned and normalised', () => {
    expect(parseApi2Credentials(values, NO_LOOPBACK)).toEqual({
      clientId: 'client-id-1',
      clientSecret: 'client-secret-1',
      baseUrl: 'https://uk-api.services.mimecast.com',
    });
  });

  it('reports a missing secret as missing_value naming its variable', () => {
    const error = errorOf(() =>
      parseApi2Credentials(
        { ...values, clientSecret: undefined },
        NO_LOOPBACK,
      ),
    );

    expect(error.code).toBe('missing_value');
    expect(error.field).toBe('clientSecret');
    expect(error.hint).toContain('Set MIMECAST_CLIENT_SECRET');
  });

  it('refuses an API 1.0 base URL', () => {
    const error = errorOf(() =>
      parseApi2Credentials(
        { ...values, baseUrl: 'https://de-api.mimecast.com' },
        NO_LOOPBACK,
      ),
    );
    expect(error.field).toBe('baseUrl');
    expect(error.hint).toContain('https://api.services.mimecast.com');
  });
});

describe('inferApiVersion', () => {
  it.each([
    [{ clientId: 'c' }, '2.0'],
    [{ clientSecret: 's', baseUrl: 'x' }, '2.0'],
    [{ appId: 'a' }, '1.0'],
    [{ accessKey: 'k', secretKey: 's' }, '1.0'],
    [{ appId: 'a', clientId: 'c' }, undefined],
    [{ baseUrl: 'https://api.services.mimecast.com' }, undefined],
    [{}, undefined],
  ])('infers %j as %s', (values, expected) => {
    expect(inferApiVersion(values)).toBe(expected);
  });
});
