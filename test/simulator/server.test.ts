import { createServer } from 'node:net';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { startSimulator } from '../../src/simulator/server.js';
import {
  allowLoopbackOnly,
  callSigned,
  failCode,
  send,
  useSimulator,
} from './helpers.js';

const ACCOUNT = '/api/account/get-account';
const DLP = '/api/dlp/get-logs';

describe('injected faults', () => {
  const holder = useSimulator();

  it('makes the application look not live', async () => {
    holder.sim.faults.set({ appNotLive: { count: 1 } });

    const first = await callSigned(holder.sim, ACCOUNT);
    const second = await callSigned(holder.sim, ACCOUNT);

    expect(failCode(first)).toBe('err_developer_key');
    expect(second.json.fail).toEqual([]);
  });

  it('makes good keys look revoked', async () => {
    holder.sim.faults.set({ revokedKeys: true });

    const answer = await callSigned(holder.sim, ACCOUNT);

    expect(answer.status).toBe(418);
    expect(failCode(answer)).toBe('err_xdk_binding_expired');
  });

  it('takes away named permissions', async () => {
    holder.sim.faults.set({
      missingPermissions: ['Monitoring | Data Leak Prevention | Read'],
    });

    const dlp = await callSigned(holder.sim, DLP, { data: [{}] });
    const account = await callSigned(holder.sim, ACCOUNT);

    expect(dlp.status).toBe(403);
    expect(account.status).toBe(200);
  });

  it('answers 429 with the reset in milliseconds, then recovers', async () => {
    holder.sim.faults.set({ rateLimit: { count: 2, resetMs: 750 } });

    const answers = [
      await callSigned(holder.sim, ACCOUNT),
      await callSigned(holder.sim, ACCOUNT),
      await callSigned(holder.sim, ACCOUNT),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 200]);
    expect(answers[0]?.headers.get('x-ratelimit-reset')).toBe('750');
    expect(answers[0]?.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('sends a 503 HTML page', async () => {
    holder.sim.faults.set({ serviceUnavailableHtml: { count: 1 } });

    const answer = await callSigned(holder.sim, ACCOUNT);

    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toBe('text/html');
    expect(answer.text).toContain('<html>');
    expect(answer.json).toBeUndefined();
  });

  it('drops the connection without answering', async () => {
    holder.sim.faults.set({ dropConnection: { count: 1 } });

    await expect(callSigned(holder.sim, ACCOUNT)).rejects.toThrow();
    expect(holder.sim.requests[0]?.dropped).toBe(true);
    expect((await callSigned(holder.sim, ACCOUNT)).status).toBe(200);
  });

  it('sends a cut JSON body', async () => {
    holder.sim.faults.set({ truncatedJson: { count: 1 } });

    const answer = await callSigned(holder.sim, ACCOUNT);

    expect(answer.status).toBe(200);
    expect(answer.text.startsWith('{"meta":')).toBe(true);
    expect(answer.json).toBeUndefined();
  });

  it('cuts only JSON bodies, keeping its count for one', async () => {
    holder.sim.faults.set({ truncatedJson: { count: 1 } });

    const siem = await callSigned(holder.sim, '/api/audit/get-siem-logs');
    const account = await callSigned(holder.sim, ACCOUNT);

    expect(siem.headers.get('content-type')).toBe('application/octet-stream');
    expect(siem.bytes.length).toBeGreaterThan(20);
    expect(account.json).toBeUndefined();
  });

  it('slows answers down', async () => {
    holder.sim.faults.set({ slowMs: 300 });

    const started = Date.now();
    await callSigned(holder.sim, ACCOUNT);

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('limits a fault to one path', async () => {
    holder.sim.faults.set({ rateLimit: { path: DLP } });

    const dlp = await callSigned(holder.sim, DLP, { data: [{}] });
    const account = await callSigned(holder.sim, ACCOUNT);

    expect(dlp.status).toBe(429);
    expect(account.status).toBe(200);
  });

  it('moves the clock in the Date header and the skew check', async () => {
    const offset = 20 * 60_000;
    holder.sim.faults.set({ clockOffsetMs: offset });

    const answer = await callSigned(holder.sim, ACCOUNT);
    const serverDate = Date.parse(answer.headers.get('date') ?? '');

    expect(answer.status).toBe(401);
    expect(serverDate - Date.now()).toBeGreaterThan(offset - 5_000);
  });
});

describe('every answer', () => {
  const holder = useSimulator();

  it('carries the rate limit headers and a Date', async () => {
    const answer = await callSigned(holder.sim, ACCOUNT);

    expect(answer.headers.get('x-ratelimit-limit')).toBe('800');
    expect(Number(answer.headers.get('x-ratelimit-remaining'))).toBeLessThan(
      800,
    );
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(answer.headers.get('date')).toMatch(/GMT$/);
  });

  it('carries them on failures too', async () => {
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      keys: { appKey: 'wrong' },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-ratelimit-limit')).toBe('800');
  });

  it('is logged with headers but without Authorization', async () => {
    await callSigned(holder.sim, ACCOUNT);

    const [entry] = holder.sim.requests;
    expect(entry).toMatchObject({
      method: 'POST',
      path: ACCOUNT,
      status: 200,
      authScheme: 'MC',
    });
    expect(entry?.headers['x-mc-app-id']).toBe(DEMO_TENANT.appId);
    expect(entry?.headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(entry)).not.toContain(DEMO_TENANT.accessKey);
  });

  it('logs a retry with its own request id', async () => {
    holder.sim.faults.set({ rateLimit: { count: 1, resetMs: 10 } });

    await callSigned(holder.sim, ACCOUNT);
    await callSigned(holder.sim, ACCOUNT);

    const ids = holder.sim.requests.map(
      (entry) => entry.headers['x-mc-req-id'],
    );
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers other paths with 404', async () => {
    const answer = await send(`${holder.sim.url}/elsewhere`, {});
    expect(answer.status).toBe(404);
  });
});

describe('startSimulator', () => {
  allowLoopbackOnly();

  it('listens on 127.0.0.1 and reports its addresses', async () => {
    const sim = await startSimulator();
    await sim.close();

    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.hostPort).toBe(sim.url.slice('http://'.length));
    expect(sim.xdr.endpoint).toBe(`${sim.url}/xdr/integrations/mimecast`);
    expect(sim.xdr.token).toBe(DEMO_TENANT.xdrToken);
  });

  it('frees its port on close, even with a slow answer pending', async () => {
    const sim = await startSimulator({ latencyMs: 5_000 });
    const port = Number(sim.hostPort.split(':')[1]);
    const pending = callSigned(sim, ACCOUNT).catch(() => 'cut');
    await waitFor(() => sim.requests.length === 1);

    await sim.close();
    await sim.close();

    expect(await pending).toBe('cut');
    await expect(listenOn(port)).resolves.toBe(port);
  });

  it('listens on a given port', async () => {
    const port = await listenOn(0).then((free) => free);
    const sim = await startSimulator({ port });
    await sim.close();
    expect(sim.hostPort).toBe(`127.0.0.1:${port}`);
  });

  it('adds its latency to every answer', async () => {
    const sim = await startSimulator({ latencyMs: 200 });
    const started = Date.now();
    await callSigned(sim, ACCOUNT);
    const elapsed = Date.now() - started;
    await sim.close();

    expect(elapsed).toBeGreaterThanOrEqual(190);
  });

  it('answers concurrent calls at the same time', async () => {
    const sim = await startSimulator({ latencyMs: 300 });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, () => callSigned(sim, ACCOUNT)),
    );
    const elapsed = Date.now() - started;
    await sim.close();

    // One after another, six calls would take at least 1800 ms.
    expect(elapsed).toBeLessThan(1_500);
    const arrivals = sim.requests.map((entry) => entry.receivedAt);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(600);
  });

  it('follows the clock it is given', async () => {
    const fixed = new Date('2025-03-04T05:06:07Z');
    const sim = await startSimulator({ now: () => fixed });

    const late = await callSigned(sim, ACCOUNT);
    const onTime = await callSigned(sim, ACCOUNT, undefined, { date: fixed });
    await sim.close();

    expect(late.status).toBe(401);
    expect(onTime.status).toBe(200);
    expect(onTime.headers.get('date')).toBe(fixed.toUTCString());
  });

  it('rejects when the port is taken', async () => {
    const sim = await startSimulator();
    const port = Number(sim.hostPort.split(':')[1]);
    await expect(startSimulator({ port })).rejects.toThrow(/EADDRINUSE/);
    await sim.close();
  });

  it('refuses bodies over a megabyte by cutting the connection', async () => {
    const sim = await startSimulator();
    const huge = 'x'.repeat(1024 * 1024 + 1);
    const outcome = await postRaw(sim.url, ACCOUNT, huge);
    await sim.close();

    expect(outcome).toBe('cut');
  });
});

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

function postRaw(base: string, path: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const outgoing = request(`${base}${path}`, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    outgoing.on('error', () => resolve('cut'));
    outgoing.end(body);
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
