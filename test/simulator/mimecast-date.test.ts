import { describe, expect, it } from 'vitest';
import { parseMimecastDate } from '../../src/simulator/mimecast-date.js';

describe('parseMimecastDate', () => {
  it('reads the documented format with UTC or GMT', () => {
    const expected = Date.UTC(2015, 10, 24, 12, 50, 11);
    expect(parseMimecastDate('Tue, 24 Nov 2015 12:50:11 UTC')?.getTime()).toBe(
      expected,
    );
    expect(parseMimecastDate('Tue, 24 Nov 2015 12:50:11 GMT')?.getTime()).toBe(
      expected,
    );
  });

  it.each([
    'Tue, 24 Nov 2015 12:50:11 EDT',
    'Tue, 24 Nov 2015 12:50:11',
    'Tue, 4 Nov 2015 12:50:11 UTC',
    'Wed, 24 Nov 2015 12:50:11 UTC',
    'Tue, 31 Feb 2015 12:50:11 UTC',
    'Tue, 24 Nov 2015 12:60:11 UTC',
    'Tue, 24 Foo 2015 12:50:11 UTC',
    '2015-11-24T12:50:11Z',
    '',
  ])('refuses %j', (value) => {
    expect(parseMimecastDate(value)).toBeUndefined();
  });
});
