import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatMimecastDate } from '../../src/mimecast/signing.js';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import {
  callSigned,
  failCode,
  mergeHeaders,
  send,
  useSimulator,
} from './helpers.js';
import type { Answer } from './helpers.js';

const { email, password } = DEMO_TENANT.serviceAccount;

function unsignedHeaders(extra: Record<string, string | undefined> = {}) {
  return mergeHeaders(
    {
      'x-mc-app-id': DEMO_TENANT.appId,
      'x-mc-date': formatMimecastDate(new Date()),
      'x-mc-req-id': randomUUID(),
      'Content-Type': 'application/json',
    },
    extra,
  );
}

function discover(sim: RunningSimulator, address: string): Promise<Answer> {
  return send(`${sim.url}/api/login/discover-authentication`, {
    method: 'POST',
    headers: unsignedHeaders(),
    body: JSON.stringify({ data: [{ emailAddress: address }] }),
  });
}

interface LoginOptions {
  user?: string;
  secret?: string;
  type?: string;
  item?: Record<string, unknown>;
}

function login(sim: RunningSimulator, o: LoginOptions = {}): Promise<Answer> {
  const user = o.user ?? email;
  const basic = Buffer.from(`${user}:${o.secret ?? password}`).toString(
    'base64',
  );
  const headers = unsignedHeaders({
    Authorization: `${o.type ?? 'Basic-Cloud'} ${basic}`,
  });
  const item = o.item ?? { userName: user };
  return send(`${sim.url}/api/login/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ data: [item] }),
  });
}

describe('discover-authentication', () => {
  const holder = useSimulator();

  it('reports the simulator as the region of a known address', async () => {
    const answer = await discover(holder.sim, email.toUpperCase());

    expect(answer.status).toBe(200);
    expect(answer.json.data[0]).toEqual({
      emailAddress: email.toUpperCase(),
      region: { api: holder.sim.url, code: 'us' },
      authenticate: ['Basic-Cloud'],
    });
    expect(holder.sim.requests[0]?.authScheme).toBeUndefined();
  });

  it('reports no region for an unknown address', async () => {
    const answer = await discover(holder.sim, 'nobody@demo.example');

    expect(answer.status).toBe(200);
    expect(answer.json.data[0]).not.toHaveProperty('region');
    expect(answer.json.data[0].emailAddress).toBe('nobody@demo.example');
  });

  it('reports the login types the account accepts', async () => {
    holder.sim.tenant.setLoginTypes(email, ['Basic-AD']);
    const answer = await discover(holder.sim, email);
    holder.sim.tenant.setLoginTypes(email, ['Basic-Cloud']);

    expect(answer.json.data[0].authenticate).toEqual(['Basic-AD']);
  });

  it('needs an email address and a known application', async () => {
    const noAddress = await discover(holder.sim, '');
    const unknownApp = await send(
      `${holder.sim.url}/api/login/discover-authentication`,
      {
        method: 'POST',
        headers: unsignedHeaders({ 'x-mc-app-id': 'unknown' }),
        body: JSON.stringify({ data: [{ emailAddress: email }] }),
      },
    );

    expect(noAddress.status).toBe(400);
    expect(failCode(unknownApp)).toBe('err_developer_key');
  });
});

describe('login', () => {
  const holder = useSimulator();

  it('creates keys that sign calls', async () => {
    const before = holder.sim.tenant.findUser(email)?.keys.length ?? 0;
    const answer = await login(holder.sim);

    expect(answer.status).toBe(200);
    const keys = answer.json.data[0];
    expect(keys.accessKey).toMatch(/^[A-Za-z0-9_-]{60,80}$/);
    expect(Buffer.from(keys.secretKey, 'base64')).toHaveLength(64);
    expect(holder.sim.tenant.findUser(email)?.keys).toHaveLength(before + 1);

    const call = await callSigned(holder.sim, '/api/account/get-account', {
      data: [],
    }, { keys: { accessKey: keys.accessKey, secretKey: keys.secretKey } });
    expect(call.status).toBe(200);
    expect(call.json.fail).toEqual([]);
  });

  it('refreshes the binding named by accessKey, adding none', async () => {
    const created = (await login(holder.sim)).json.data[0];
    const count = holder.sim.tenant.findUser(email)?.keys.length;

    const refreshed = await login(holder.sim, {
      item: { userName: email, accessKey: created.accessKey },
    });

    expect(refreshed.json.data[0].accessKey).toBe(created.accessKey);
    expect(holder.sim.tenant.findUser(email)?.keys.length).toBe(count);
  });

  it('reports the key lifetime when the auth profile has one', async () => {
    holder.sim.tenant.addUser({
      email: 'ttl@demo.example',
      password: 'pw-ttl-1',
      keyTtlMs: 3_600_000,
    });

    const answer = await login(holder.sim, {
      user: 'ttl@demo.example',
      secret: 'pw-ttl-1',
    });

    expect(answer.json.data[0].duration).toBe(3_600_000);
  });

  it('refuses a wrong password with 401', async () => {
    const answer = await login(holder.sim, { secret: 'wrong' });

    expect(answer.status).toBe(401);
    expect(failCode(answer)).toBe('err_login_invalid');
  });

  it('refuses a login type the account does not accept', async () => {
    const answer = await login(holder.sim, { type: 'Basic-AD' });

    expect(answer.status).toBe(401);
    expect(failCode(answer)).toBe('err_login_type_not_allowed');
  });

  it('refuses a missing Authorization header', async () => {
    const answer = await send(`${holder.sim.url}/api/login/login`, {
      method: 'POST',
      headers: unsignedHeaders(),
      body: JSON.stringify({ data: [{ userName: email }] }),
    });
    expect(answer.status).toBe(401);
  });

  it('answers err_developer_key while the app is not live', async () => {
    holder.sim.faults.set({ appNotLive: true });
    const answer = await login(holder.sim);

    expect(answer.status).toBe(200);
    expect(failCode(answer)).toBe('err_developer_key');
  });

  it('stops at the binding limit', async () => {
    holder.sim.tenant.addUser({ email: 'full@demo.example', password: 'pw-2' });
    holder.sim.tenant.bindingLimit = 2;
    const attempt = () =>
      login(holder.sim, { user: 'full@demo.example', secret: 'pw-2' });

    const answers = [await attempt(), await attempt(), await attempt()];
    holder.sim.tenant.bindingLimit = 10;

    expect(answers.map(failCode)).toEqual([
      undefined,
      undefined,
      'err_binding_limit_exceeded',
    ]);
  });

  it('revokes keys when the password changes', async () => {
    holder.sim.tenant.addUser({ email: 'pw@demo.example', password: 'old-pw' });
    const keys = (
      await login(holder.sim, { user: 'pw@demo.example', secret: 'old-pw' })
    ).json.data[0];

    holder.sim.tenant.changePassword('pw@demo.example', 'new-pw');
    const call = await callSigned(holder.sim, '/api/audit/get-siem-logs', {
      data: [],
    }, { keys: { accessKey: keys.accessKey, secretKey: keys.secretKey } });
    const oldLogin = await login(holder.sim, {
      user: 'pw@demo.example',
      secret: 'old-pw',
    });

    expect(call.status).toBe(418);
    expect(oldLogin.status).toBe(401);
  });
});
