import { describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { send, useSimulator } from './helpers.js';
import type { Answer } from './helpers.js';

const PUSH = {
  integration: 'mimecast',
  apiVersion: '1.0',
  applicationId: DEMO_TENANT.appId,
  applicationKey: DEMO_TENANT.appKey,
  accessKey: DEMO_TENANT.accessKey,
  secretKey: DEMO_TENANT.secretKey,
  baseUrl: 'http://127.0.0.1:1',
};
const PUSH_2 = {
  integration: 'mimecast',
  apiVersion: '2.0',
  clientId: DEMO_TENANT.clientId,
  clientSecret: DEMO_TENANT.clientSecret,
  baseUrl: 'http://127.0.0.1:1',
};

function push(
  sim: RunningSimulator,
  body: unknown = PUSH,
  init: { token?: string; method?: string } = {},
): Promise<Answer> {
  return send(sim.xdr.endpoint, {
    method: init.method ?? 'PUT',
    headers: {
      Authorization: `Bearer ${init.token ?? sim.xdr.token}`,
      'Content-Type': 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('XDR receiver', () => {
  const holder = useSimulator();

  it('saves a push and records it', async () => {
    holder.sim.xdr.pushes.splice(0);
    const answer = await push(holder.sim);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'saved' });
    expect(holder.sim.xdr.pushes).toHaveLength(1);
    expect(holder.sim.xdr.pushes[0]?.body).toEqual(PUSH);
    const receivedAt = holder.sim.xdr.pushes[0]?.receivedAt ?? '';
    expect(Date.parse(receivedAt)).not.toBeNaN();
  });

  it('refuses a wrong or missing token with 401', async () => {
    const wrong = await push(holder.sim, PUSH, { token: 'nope' });
    const missing = await send(holder.sim.xdr.endpoint, {
      method: 'PUT',
      body: JSON.stringify(PUSH),
    });

    for (const answer of [wrong, missing]) {
      expect(answer.status).toBe(401);
      expect(typeof answer.json.error).toBe('string');
    }
  });

  it.each(Object.keys(PUSH))('refuses a body without %s', async (field) => {
    const body: Record<string, string> = { ...PUSH };
    delete body[field];
    const count = holder.sim.xdr.pushes.length;

    const answer = await push(holder.sim, body);

    expect(answer.status).toBe(422);
    expect(answer.json.error).toContain(field);
    expect(holder.sim.xdr.pushes).toHaveLength(count);
  });

  it('refuses another integration or API version', async () => {
    const other = await push(holder.sim, { ...PUSH, integration: 'other' });
    const version = await push(holder.sim, { ...PUSH, apiVersion: '3.0' });
    const inherited = await push(holder.sim, {
      ...PUSH,
      apiVersion: 'constructor',
    });

    expect(other.json.error).toContain('integration');
    for (const answer of [version, inherited]) {
      expect(answer.status).toBe(422);
      expect(answer.json.error).toBe('apiVersion must be "1.0" or "2.0"');
    }
  });

  it('saves an API 2.0 push', async () => {
    holder.sim.xdr.pushes.splice(0);
    const answer = await push(holder.sim, PUSH_2);

    expect(answer.status).toBe(200);
    expect(holder.sim.xdr.pushes.map((p) => p.body)).toEqual([PUSH_2]);
  });

  it.each(Object.keys(PUSH_2))(
    'refuses an API 2.0 body without %s',
    async (field) => {
      const body: Record<string, string> = { ...PUSH_2 };
      delete body[field];
      const count = holder.sim.xdr.pushes.length;

      const answer = await push(holder.sim, body);

      expect(answer.status).toBe(422);
      expect(answer.json.error).toBe(`${field} is required`);
      expect(holder.sim.xdr.pushes).toHaveLength(count);
    },
  );

  it('refuses an API 2.0 body that carries the 1.0 fields', async () => {
    const answer = await push(holder.sim, { ...PUSH, apiVersion: '2.0' });

    expect(answer.status).toBe(422);
    expect(answer.json.error).toBe('clientId is required');
  });

  it('refuses a body that is not a JSON object', async () => {
    const answer = await push(holder.sim, 'not json');
    expect(answer.status).toBe(422);
  });

  it('refuses other methods', async () => {
    const answer = await push(holder.sim, PUSH, { method: 'POST' });
    expect(answer.status).toBe(405);
  });

  it('rejects on demand with the status and message given', async () => {
    holder.sim.faults.set({
      xdrReject: { count: 1, status: 409, message: 'Integration locked' },
    });

    const rejected = await push(holder.sim);
    const next = await push(holder.sim);

    expect(rejected.status).toBe(409);
    expect(rejected.json).toEqual({ error: 'Integration locked' });
    expect(next.status).toBe(200);
  });

  it('answers 503 while down', async () => {
    holder.sim.faults.set({ xdrDown: { count: 2 } });

    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await push(holder.sim)).status);
    }

    expect(statuses).toEqual([503, 503, 200]);
  });

  it('drops the connection on demand', async () => {
    holder.sim.faults.set({ xdrDrop: { count: 1 } });

    await expect(push(holder.sim)).rejects.toThrow();
    expect((await push(holder.sim)).status).toBe(200);
  });

  it('is not hit by the Mimecast faults', async () => {
    holder.sim.faults.set({ dropConnection: true, rateLimit: true });
    expect((await push(holder.sim)).status).toBe(200);
  });
});
