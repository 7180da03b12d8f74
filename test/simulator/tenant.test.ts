import { describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { ALL_PERMISSIONS } from '../../src/simulator/permissions.js';
import {
  createDemoTenant,
  isApplicationLive,
  isBindingLive,
  SimulatedTenant,
} from '../../src/simulator/tenant.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const EMAIL = DEMO_TENANT.serviceAccount.email;

describe('DEMO_TENANT', () => {
  it('looks like real credentials', () => {
    const guid = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;
    expect(DEMO_TENANT.appId).toMatch(guid);
    expect(DEMO_TENANT.appKey).toMatch(guid);
    expect(DEMO_TENANT.accessKey).toMatch(/^[A-Za-z0-9_-]{60,80}$/);
    expect(DEMO_TENANT.secretKey).toHaveLength(88);
    expect(
      Buffer.from(DEMO_TENANT.secretKey, 'base64').toString('base64'),
    ).toBe(DEMO_TENANT.secretKey);
    expect(Buffer.from(DEMO_TENANT.secretKey, 'base64')).toHaveLength(64);
    expect(DEMO_TENANT.accountCode).toMatch(/^CUSA-DEMO/);
    expect(DEMO_TENANT.serviceAccount.email).toBe('xdr-siem@demo.example');
  });
});

describe('createDemoTenant', () => {
  it('holds a live application and a fully permitted service account', () => {
    const tenant = createDemoTenant(NOW);
    const app = tenant.findApplication(DEMO_TENANT.appId);
    const user = tenant.findUser(EMAIL);

    expect(app && isApplicationLive(app, NOW)).toBe(true);
    expect([...(user?.permissions ?? [])]).toEqual([...ALL_PERMISSIONS]);
    expect(tenant.findBinding(DEMO_TENANT.accessKey)?.user).toBe(user);
  });
});

describe('SimulatedTenant', () => {
  const tenant = () => createDemoTenant(NOW);

  it('finds users without regard to case', () => {
    expect(tenant().findUser(EMAIL.toUpperCase())?.email).toBe(EMAIL);
  });

  it('is not live until 30 minutes after the application was created', () => {
    const t = tenant();
    const created = new Date(NOW.getTime() - 29 * 60_000);
    t.setApplicationCreatedAt(DEMO_TENANT.appId, created);
    const app = t.findApplication(DEMO_TENANT.appId);
    if (!app) throw new Error('no app');

    expect(isApplicationLive(app, NOW)).toBe(false);
    expect(isApplicationLive(app, new Date(NOW.getTime() + 60_000))).toBe(true);
  });

  it('revokes the keys of one user or of all', () => {
    const t = tenant();
    t.addUser({
      email: 'other@demo.example',
      password: 'x',
      keys: [{ accessKey: 'AAAAAAAAAAAAAAAA', secretKey: 'QUJD' }],
    });

    t.revokeKeys(EMAIL);
    expect(t.findBinding('AAAAAAAAAAAAAAAA')?.binding.revoked).toBe(false);
    t.revokeKeys();
    expect(t.findBinding('AAAAAAAAAAAAAAAA')?.binding.revoked).toBe(true);
  });

  it('revokes the keys when the password changes', () => {
    const t = tenant();
    t.changePassword(EMAIL, 'new-password');

    expect(t.findUser(EMAIL)?.password).toBe('new-password');
    expect(t.findBinding(DEMO_TENANT.accessKey)?.binding.revoked).toBe(true);
  });

  it('sets, removes and grants permissions', () => {
    const t = tenant();
    t.setPermissions(EMAIL, ['Account | Logs | Read']);
    t.removePermission(EMAIL, 'Account | Logs | Read');
    t.grantPermission(EMAIL, 'Gateway | Tracking | Read');

    expect([...(t.findUser(EMAIL)?.permissions ?? [])]).toEqual([
      'Gateway | Tracking | Read',
    ]);
  });

  it('creates bindings up to the limit, not counting revoked ones', () => {
    const t = new SimulatedTenant({
      accountCode: 'CUK-1',
      accountName: 'x',
      region: 'eu',
      bindingLimit: 1,
    });
    t.addUser({ email: 'a@b.example', password: 'p' });

    const first = t.createBinding('a@b.example', NOW);
    expect(t.createBinding('a@b.example', NOW)).toBeUndefined();
    t.revokeKeys('a@b.example');
    expect(t.createBinding('a@b.example', NOW)).toBeDefined();
    expect(first?.secretKey).toHaveLength(88);
  });

  it('lets keys with a lifetime expire, and a refresh renew them', () => {
    const t = tenant();
    t.addUser({ email: 'ttl@demo.example', password: 'p', keyTtlMs: 1_000 });
    const user = t.findUser('ttl@demo.example');
    const binding = t.createBinding('ttl@demo.example', NOW);
    if (!user || !binding) throw new Error('setup failed');
    const later = new Date(NOW.getTime() + 1_500);

    expect(isBindingLive(binding, later)).toBe(false);
    t.refreshBinding(user, binding, later);
    expect(isBindingLive(binding, later)).toBe(true);
  });

  it('throws on an unknown user or application', () => {
    expect(() => tenant().revokeKeys('ghost@demo.example')).toThrow(/ghost/);
    expect(() => tenant().setApplicationCreatedAt('nope', NOW)).toThrow(/nope/);
  });

  it('summarises without secrets', () => {
    const t = tenant();
    t.revokeKeys();
    const text = JSON.stringify(t.summarize(NOW));

    expect(text).not.toContain(DEMO_TENANT.secretKey);
    expect(text).not.toContain(DEMO_TENANT.accessKey);
    expect(text).not.toContain(DEMO_TENANT.serviceAccount.password);
    expect(t.summarize(NOW).users[0]).toMatchObject({
      liveKeys: 0,
      unusableKeys: 1,
    });
  });
});
