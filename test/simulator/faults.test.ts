import { describe, expect, it } from 'vitest';
import {
  FaultControls,
  parseFaultSettings,
} from '../../src/simulator/faults.js';

describe('FaultControls', () => {
  it('hits count requests and then clears itself', () => {
    const faults = new FaultControls();
    faults.set({ dropConnection: { count: 2 } });

    const hits = [1, 2, 3].map(() => faults.take('dropConnection', '/api/x'));

    expect(hits.map(Boolean)).toEqual([true, true, false]);
    expect(faults.snapshot()).toEqual({});
  });

  it('lasts until cleared without a count', () => {
    const faults = new FaultControls();
    faults.set({ revokedKeys: true });

    for (let i = 0; i < 5; i += 1) {
      expect(faults.take('revokedKeys', '/api/x')).toBeDefined();
    }
    faults.set({ revokedKeys: false });
    expect(faults.take('revokedKeys', '/api/x')).toBeUndefined();
  });

  it('hits only its path, and only that path uses up the count', () => {
    const faults = new FaultControls();
    faults.set({ truncatedJson: { count: 1, path: '/api/b' } });

    expect(faults.take('truncatedJson', '/api/a')).toBeUndefined();
    expect(faults.take('truncatedJson', '/api/b')).toBeDefined();
    expect(faults.take('truncatedJson', '/api/b')).toBeUndefined();
  });

  it('treats a count of 0 as clearing', () => {
    const faults = new FaultControls();
    faults.set({ rateLimit: true });
    faults.set({ rateLimit: { count: 0 } });
    expect(faults.take('rateLimit', '/api/x')).toBeUndefined();
  });

  it('leaves faults that a later set does not name', () => {
    const faults = new FaultControls();
    faults.set({ xdrDown: true, clockOffsetMs: 60_000 });
    faults.set({ missingPermissions: ['Account | Logs | Read'] });

    expect(faults.snapshot()).toEqual({
      xdrDown: {},
      clockOffsetMs: 60_000,
      missingPermissions: ['Account | Logs | Read'],
    });
    expect(faults.isPermissionMissing('Account | Logs | Read')).toBe(true);
    expect(faults.clockOffsetMs).toBe(60_000);
  });

  it('reads slowMs as a lasting slow fault and 0 as none', () => {
    const faults = new FaultControls();
    faults.set({ slowMs: 250 });
    expect(faults.take('slow', '/api/x')).toEqual({ ms: 250 });

    faults.set({ slowMs: 0 });
    expect(faults.take('slow', '/api/x')).toBeUndefined();

    faults.set({ slow: { ms: 10, count: 1 } });
    expect(faults.take('slow', '/api/x')?.ms).toBe(10);
    expect(faults.take('slow', '/api/x')).toBeUndefined();
  });

  it('clears everything', () => {
    const faults = new FaultControls();
    faults.set({
      appNotLive: true,
      missingPermissions: ['x'],
      clockOffsetMs: 1,
      slowMs: 5,
    });
    faults.clear();
    expect(faults.snapshot()).toEqual({});
  });

  it('keeps its own copy of the settings', () => {
    const faults = new FaultControls();
    const settings = { xdrReject: { count: 1, status: 409 } };
    faults.set(settings);
    faults.take('xdrReject', '/xdr');
    expect(settings.xdrReject.count).toBe(1);
  });
});

describe('parseFaultSettings', () => {
  it('accepts every documented fault', () => {
    const settings = {
      appNotLive: true,
      revokedKeys: { count: 1 },
      missingPermissions: ['Gateway | Tracking | Read'],
      rateLimit: { count: 2, resetMs: 500, path: '/api/dlp/get-logs' },
      serviceUnavailableHtml: { count: 1 },
      dropConnection: false,
      truncatedJson: null,
      slowMs: 100,
      clockOffsetMs: -3_600_000,
      xdrReject: { status: 400, message: 'no' },
      xdrDown: { count: 1 },
      xdrDrop: true,
    };
    expect(parseFaultSettings(settings)).toMatchObject({
      appNotLive: {},
      dropConnection: null,
      rateLimit: settings.rateLimit,
    });
  });

  it('names the field at fault', () => {
    expect(() => parseFaultSettings({ xdrReject: { status: 200 } })).toThrow(
      /xdrReject\.status/,
    );
    expect(() => parseFaultSettings({ unknownFault: true })).toThrow(/body/);
    expect(() => parseFaultSettings({ rateLimit: { path: 'api' } })).toThrow(
      /rateLimit\.path/,
    );
  });
});
