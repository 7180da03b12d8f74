import { afterEach, describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  computeSignature,
  formatMimecastDate,
  signedHeaders,
} from '../../src/mimecast/signing.js';

const VECTOR = {
  accessKey: 'AccessKey',
  secretKey: 'U2VjcmV0S2V5',
  appKey: 'ApplicationKey',
  date: 'Sun, 21 Aug 2022 13:49:40 UTC',
  requestId: '3d796b76-4180-40e5-8f7c-6e0fd643b1a9',
  path: '/api/test/some-url',
};
const WRONG_CONSTRUCTION = 'HlokhZ93dzw5P6xGgeveOR4JhiM=';
const KEYS = {
  appId: 'app-id',
  appKey: VECTOR.appKey,
  accessKey: VECTOR.accessKey,
  secretKey: VECTOR.secretKey,
};

describe('computeSignature', () => {
  it('gives the published signature for the published vector', () => {
    expect(computeSignature(VECTOR)).toBe('WOywLsnZlsE+D6bp/ug6uch5kxc=');
    expect(authorizationHeader(VECTOR)).toBe(
      'MC AccessKey:WOywLsnZlsE+D6bp/ug6uch5kxc=',
    );
  });

  it('does not give the value of the local-time, full-URL construction', () => {
    expect(computeSignature(VECTOR)).not.toBe(WRONG_CONSTRUCTION);
  });

  it('signs the path alone, so a full URL changes the signature', () => {
    const url = `https://eu-api.mimecast.com${VECTOR.path}`;
    const fullUrl = { ...VECTOR, path: url };
    expect(computeSignature(fullUrl)).not.toBe(computeSignature(VECTOR));
  });
});

describe('formatMimecastDate', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('formats in UTC and English whatever the time zone', () => {
    const moment = new Date(Date.UTC(2022, 7, 21, 13, 49, 40));
    const shown = ['America/New_York', 'Asia/Kolkata', 'UTC'].map((zone) => {
      process.env.TZ = zone;
      return [formatMimecastDate(moment), moment.getHours()] as const;
    });

    expect(new Set(shown.map(([, hour]) => hour)).size).toBe(3);
    for (const [text] of shown) expect(text).toBe(VECTOR.date);
  });

  it('pads the day and the time to two digits', () => {
    const moment = new Date(Date.UTC(2015, 10, 3, 2, 5, 9));
    expect(formatMimecastDate(moment)).toBe('Tue, 03 Nov 2015 02:05:09 UTC');
  });
});

describe('signedHeaders', () => {
  it('signs the given date and request id', () => {
    const now = new Date(Date.UTC(2022, 7, 21, 13, 49, 40));
    const headers = signedHeaders(KEYS, VECTOR.path, now, VECTOR.requestId);
    expect(headers).toEqual({
      'x-mc-app-id': 'app-id',
      'x-mc-date': VECTOR.date,
      'x-mc-req-id': VECTOR.requestId,
      Authorization: 'MC AccessKey:WOywLsnZlsE+D6bp/ug6uch5kxc=',
      'Content-Type': 'application/json',
    });
  });

  it('uses a fresh request id, and so a fresh signature, per call', () => {
    const now = new Date();
    const first = signedHeaders(KEYS, VECTOR.path, now);
    const second = signedHeaders(KEYS, VECTOR.path, now);

    expect(first['x-mc-req-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second['x-mc-req-id']).not.toBe(first['x-mc-req-id']);
    expect(second.Authorization).not.toBe(first.Authorization);
  });
});
