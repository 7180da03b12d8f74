import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { callSigned, send, useSimulator } from './helpers.js';

const EMAIL = DEMO_TENANT.serviceAccount.email;
const DLP_PERMISSION = 'Monitoring | Data Leak Prevention | Read';
const EXTRA = 'extra@demo.example';

describe('control surface', () => {
  const holder = useSimulator();
  const control = (path: string, method = 'GET', body?: unknown) =>
    send(`${holder.sim.url}/__sim/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('sets faults that the next calls meet', async () => {
    const set = await control('faults', 'POST', {
      rateLimit: { count: 1, resetMs: 20 },
    });
    const limited = await callSigned(holder.sim, '/api/account/get-account');

    expect(set.json).toEqual({ rateLimit: { count: 1, resetMs: 20 } });
    expect(limited.status).toBe(429);
    expect((await control('faults')).json).toEqual({});
  });

  it('clears faults', async () => {
    await control('faults', 'POST', { revokedKeys: true, clockOffsetMs: 5 });
    await control('faults', 'DELETE');

    expect(holder.sim.faults.snapshot()).toEqual({});
  });

  it('refuses bad fault settings with 400 naming the field', async () => {
    const answer = await control('faults', 'POST', {
      rateLimit: { count: 'two' },
    });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain('rateLimit.count');
  });

  it('lists requests without itself and without Authorization', async () => {
    await callSigned(holder.sim, '/api/account/get-account');
    const answer = await control('requests');

    expect(answer.json).toHaveLength(1);
    expect(answer.json[0].path).toBe('/api/account/get-account');
    expect(answer.text).not.toContain(DEMO_TENANT.accessKey);

    await control('requests', 'DELETE');
    expect(holder.sim.requests).toHaveLength(0);
  });

  it('lists pushes', async () => {
    holder.sim.xdr.pushes.push({
      receivedAt: new Date().toISOString(),
      body: {
        integration: 'mimecast',
        apiVersion: '1.0',
        applicationId: 'a',
        applicationKey: 'b',
        accessKey: 'c',
        secretKey: 'd',
        baseUrl: 'e',
      },
    });

    expect((await control('pushes')).json).toHaveLength(1);
    await control('pushes', 'DELETE');
    expect(holder.sim.xdr.pushes).toHaveLength(0);
  });

  it('changes the tenant and shows it without secrets', async () => {
    const changed = await control('tenant', 'POST', {
      action: 'removePermission',
      email: EMAIL,
      permission: DLP_PERMISSION,
    });
    const dlp = await callSigned(holder.sim, '/api/dlp/get-logs', {
      data: [{}],
    });
    await control('tenant', 'POST', {
      action: 'grantPermission',
      email: EMAIL,
      permission: DLP_PERMISSION,
    });

    expect(dlp.status).toBe(403);
    expect(changed.json.users[0].permissions).not.toContain(DLP_PERMISSION);
    expect(changed.text).not.toContain(DEMO_TENANT.secretKey);
    expect(changed.text).not.toContain(DEMO_TENANT.serviceAccount.password);
  });

  it('applies every tenant action', async () => {
    const actions = [
      { action: 'addUser', email: EXTRA, password: 'pw' },
      { action: 'setPermissions', email: EXTRA, permissions: [] },
      { action: 'setLoginTypes', email: EXTRA, loginTypes: [] },
      { action: 'changePassword', email: EXTRA, password: 'x' },
      { action: 'revokeKeys', email: EXTRA },
      { action: 'setSiemLogsAvailable', available: false },
      {
        action: 'setApplicationCreatedAt',
        appId: DEMO_TENANT.appId,
        createdAt: '2020-01-01T00:00:00Z',
      },
    ];
    for (const action of actions) {
      expect((await control('tenant', 'POST', action)).status).toBe(200);
    }

    const summary = (await control('tenant')).json;
    expect(summary.siemLogsAvailable).toBe(false);
    expect(summary.applications[0].createdAt).toBe('2020-01-01T00:00:00.000Z');
    expect(summary.users[1].email).toBe(EXTRA);
    holder.sim.tenant.setSiemLogsAvailable(true);
  });

  it('refuses an unknown action or user with 400', async () => {
    const unknownAction = await control('tenant', 'POST', { action: 'boom' });
    const unknownUser = await control('tenant', 'POST', {
      action: 'revokeKeys',
      email: 'ghost@demo.example',
    });

    expect(unknownAction.status).toBe(400);
    expect(unknownUser.status).toBe(400);
    expect(unknownUser.json.error).toContain('ghost@demo.example');
  });

  it('answers an unknown control route with 404', async () => {
    expect((await control('nothing')).status).toBe(404);
  });
});

describe('control surface host check', () => {
  const holder = useSimulator();

  it.each([
    ['127.0.0.1', 200],
    ['localhost', 200],
    ['evil.example', 403],
  ])('answers Host %s with %i', async (host, status) => {
    const port = Number(holder.sim.hostPort.split(':')[1]);
    const answered = await new Promise<number | undefined>((resolve) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          path: '/__sim/faults',
          headers: { Host: `${host}:${port}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      outgoing.on('error', () => resolve(undefined));
      outgoing.end();
    });
    expect(answered).toBe(status);
  });
});
