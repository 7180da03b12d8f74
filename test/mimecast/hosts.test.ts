import { describe, expect, it } from 'vitest';

import {
  API2_BASE_URLS,
  DISCOVERY_URL,
  REGIONAL_HOSTS,
  isMimecastApiHost,
  isMimecastBaseHost,
  regionForAccountCode,
  regionForBaseUrl,
} from '../../src/mimecast/hosts.js';

describe('REGIONAL_HOSTS', () => {
  it('lists every API 1.0 region once, each on https', () => {
    const regions = REGIONAL_HOSTS.map((host) => host.region);
    expect(regions).toEqual([
      'eu', 'de', 'us', 'usb', 'ca', 'za', 'au', 'je', 'jer', 'uspcom',
      'sandbox',
    ]);
    for (const host of REGIONAL_HOSTS) {
      expect(new URL(host.baseUrl).origin).toBe(host.baseUrl);
      expect(host.baseUrl.startsWith('https://')).toBe(true);
    }
  });

  it('names regions in words and keeps the account prefixes', () => {
    const eu = REGIONAL_HOSTS.find((host) => host.region === 'eu');
    expect(eu).toEqual({
      region: 'eu',
      label: 'Europe (excluding Germany)',
      baseUrl: 'https://eu-api.mimecast.com',
      accountPrefix: 'CUK',
    });
    const prefixes = REGIONAL_HOSTS.flatMap((h) => h.accountPrefix ?? []);
    expect(prefixes).toEqual([
      'CUK', 'CDE', 'CUSA', 'CUSB', 'CCA', 'CSA', 'CAU',
    ]);
  });

  it('has the public sector host on its own domain', () => {
    expect(regionForBaseUrl('https://uspcom-api.mimecast-pscom-us.com'))
      .toMatchObject({ region: 'uspcom' });
  });
});

describe('isMimecastApiHost', () => {
  it('accepts regional, discovery and API 2.0 hosts in any case', () => {
    expect(isMimecastApiHost('eu-api.mimecast.com')).toBe(true);
    expect(isMimecastApiHost('JER-API.mimecast.com')).toBe(true);
    expect(isMimecastApiHost(new URL(DISCOVERY_URL).hostname)).toBe(true);
    for (const url of API2_BASE_URLS) {
      expect(isMimecastApiHost(new URL(url).hostname)).toBe(true);
    }
  });

  it('refuses look-alikes and other hosts', () => {
    expect(isMimecastApiHost('eu-api.mimecast.com.evil.example')).toBe(false);
    expect(isMimecastApiHost('evil-eu-api.mimecast.com')).toBe(false);
    expect(isMimecastApiHost('mimecast.com')).toBe(false);
    expect(isMimecastApiHost('127.0.0.1')).toBe(false);
  });
});

describe('isMimecastBaseHost', () => {
  it('leaves out the discovery host, which serves no other call', () => {
    expect(isMimecastBaseHost('api.mimecast.com')).toBe(false);
    expect(isMimecastBaseHost('de-api.mimecast.com')).toBe(true);
    expect(isMimecastBaseHost('api.services.mimecast.com')).toBe(true);
  });
});

describe('regionForBaseUrl', () => {
  it('finds the region of a table origin, with or without a slash', () => {
    expect(regionForBaseUrl('https://us-api.mimecast.com')?.region).toBe('us');
    expect(regionForBaseUrl('https://za-api.mimecast.com/')?.label)
      .toBe('South Africa');
  });

  it('returns nothing for other hosts, http, ports and garbage', () => {
    expect(regionForBaseUrl('https://api.mimecast.com')).toBeUndefined();
    expect(regionForBaseUrl('http://eu-api.mimecast.com')).toBeUndefined();
    expect(regionForBaseUrl('https://eu-api.mimecast.com:8443'))
      .toBeUndefined();
    expect(regionForBaseUrl('not a url')).toBeUndefined();
  });
});

describe('regionForAccountCode', () => {
  it('maps account codes to regions by prefix, in any case', () => {
    expect(regionForAccountCode('CUK12A34')?.region).toBe('eu');
    expect(regionForAccountCode('cde5678')?.region).toBe('de');
    expect(regionForAccountCode('CAU1')?.region).toBe('au');
    expect(regionForAccountCode('CSA99')?.region).toBe('za');
    expect(regionForAccountCode('CCA99')?.region).toBe('ca');
  });

  it('tells the two US grids apart', () => {
    expect(regionForAccountCode('CUSA4A12')?.region).toBe('us');
    expect(regionForAccountCode('CUSB4A12')?.region).toBe('usb');
  });

  it('returns nothing for an unknown prefix', () => {
    expect(regionForAccountCode('CXX123')).toBeUndefined();
    expect(regionForAccountCode('')).toBeUndefined();
    expect(regionForAccountCode('CUS')).toBeUndefined();
  });
});
