import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { XDR_PERMISSIONS } from '../../src/simulator/permissions.js';
import { DEFAULT_TOKEN_LIFETIME_MS } from '../../src/simulator/tenant.js';
import {
  callBearer,
  callSigned,
  demoToken,
  failCode,
  requestToken,
  send,
  useSimulator,
} from './helpers.js';
import type { Answer } from './helpers.js';

const ACCOUNT = '/api/account/get-account';
const DLP = '/api/dlp/get-logs';
const DLP_PERMISSION = 'Monitoring | Data Leak Prevention | Read';

/** The code API 2.0 puts on the fail entry itself. */
function entryCode(answer: Answer): unknown {
  return answer.json?.fail?.[0]?.code;
}

describe('API 2.0 token endpoint', () => {
  const holder = useSimulator();
  afterEach(() => {
    holder.sim.tenant.setTokenLifetime(DEFAULT_TOKEN_LIFETIME_MS);
  });

  it('issues a bearer token to the demo application', async () => {
    const answer = await requestToken(holder.sim);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 1799,
    });
  });

  it('issues tokens with the lifetime a test sets', async () => {
    holder.sim.tenant.setTokenLifetime(90_000);
    expect((await requestToken(holder.sim)).json.expires_in).toBe(90);
  });

  it.each([
    ['a wrong secret', { client_secret: 'not-the-secret' }],
    ['an unknown client', { client_id: 'nobody' }],
    ['no credentials', { client_id: '', client_secret: '' }],
  ])('answers 401 invalid_client to %s', async (_name, form) => {
    const answer = await requestToken(holder.sim, form);

    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('invalid_client');
  });

  it('refuses a revoked application', async () => {
    holder.sim.tenant.addApi2Application({
      clientId: 'revoked-client',
      clientSecret: 'revoked-secret',
      revoked: true,
    });
    const form = {
      client_id: 'revoked-client',
      client_secret: 'revoked-secret',
    };

    expect((await requestToken(holder.sim, form)).status).toBe(401);
  });

  it('wants a form and the client credentials grant', async () => {
    const json = await requestToken(holder.sim, {}, 'application/json');
    const grant = await requestToken(holder.sim, { grant_type: 'password' });

    expect(json.status).toBe(400);
    expect(json.json.error).toBe('invalid_request');
    expect(grant.status).toBe(400);
    expect(grant.json.error).toBe('unsupported_grant_type');
  });

  it('refuses every client while rejectClient is set', async () => {
    holder.sim.faults.set({ rejectClient: { count: 1 } });

    const refused = await requestToken(holder.sim);
    const next = await requestToken(holder.sim);

    expect(refused.status).toBe(401);
    expect(refused.json.error).toBe('invalid_client');
    expect(next.status).toBe(200);
  });

  it('meets the Mimecast faults, such as a 429', async () => {
    holder.sim.faults.set({ rateLimit: { count: 1, path: '/oauth/token' } });

    const limited = await requestToken(holder.sim);

    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-reset')).toBe('1000');
  });

  it('answers only POST', async () => {
    const answer = await send(`${holder.sim.url}/oauth/token`, {
      method: 'GET',
    });
    expect(answer.status).toBe(405);
  });
});

describe('bearer calls', () => {
  const holder = useSimulator();
  afterEach(() => {
    holder.sim.tenant.setTokenLifetime(DEFAULT_TOKEN_LIFETIME_MS);
  });

  it('answers every API endpoint to a valid token', async () => {
    const token = await demoToken(holder.sim);

    const account = await callBearer(holder.sim, ACCOUNT, token);
    const dlp = await callBearer(holder.sim, DLP, token, { data: [{}] });

    expect(account.status).toBe(200);
    expect(account.json.data[0].accountCode).toBe(DEMO_TENANT.accountCode);
    expect(dlp.status).toBe(200);
    expect(holder.sim.requests.at(-1)?.authScheme).toBe('Bearer');
  });

  it('answers 401 token_expired once the token ran out', async () => {
    holder.sim.tenant.setTokenLifetime(60_000);
    const token = await demoToken(holder.sim);
    holder.sim.faults.set({ clockOffsetMs: 60_001 });

    const expired = await callBearer(holder.sim, ACCOUNT, token);
    const fresh = await callBearer(
      holder.sim,
      ACCOUNT,
      await demoToken(holder.sim),
    );

    expect(expired.status).toBe(401);
    expect(entryCode(expired)).toBe('token_expired');
    expect(fresh.status).toBe(200);
  });

  it('expires the tokens handed out so far on demand', async () => {
    const old = await demoToken(holder.sim);
    holder.sim.tenant.expireTokens(new Date());

    const expired = await callBearer(holder.sim, ACCOUNT, old);
    const fresh = await callBearer(
      holder.sim,
      ACCOUNT,
      await demoToken(holder.sim),
    );

    expect(entryCode(expired)).toBe('token_expired');
    expect(fresh.status).toBe(200);
  });

  it('answers token_expired to any token under expireTokens', async () => {
    const token = await demoToken(holder.sim);
    holder.sim.faults.set({ expireTokens: { count: 1 } });

    const expired = await callBearer(holder.sim, ACCOUNT, token);
    const next = await callBearer(holder.sim, ACCOUNT, token);

    expect(expired.status).toBe(401);
    expect(entryCode(expired)).toBe('token_expired');
    expect(next.status).toBe(200);
  });

  it('refuses an unknown token with a 401 that is not an expiry', async () => {
    const answer = await callBearer(holder.sim, ACCOUNT, 'made-up-token');

    expect(answer.status).toBe(401);
    expect(failCode(answer)).toBe('unauthorized');
    expect(entryCode(answer)).toBeUndefined();
  });

  it("stops a revoked application's tokens", async () => {
    holder.sim.tenant.addApi2Application({
      clientId: 'soon-revoked',
      clientSecret: 'soon-revoked-secret',
      permissions: XDR_PERMISSIONS,
    });
    const issued = await requestToken(holder.sim, {
      client_id: 'soon-revoked',
      client_secret: 'soon-revoked-secret',
    });
    holder.sim.tenant.revokeApi2Application('soon-revoked');

    const answer = await callBearer(
      holder.sim,
      DLP,
      issued.json.access_token,
      { data: [{}] },
    );

    expect(answer.status).toBe(401);
  });

  it("checks the application's role", async () => {
    holder.sim.tenant.addApi2Application({
      clientId: 'narrow-role',
      clientSecret: 'narrow-role-secret',
      permissions: XDR_PERMISSIONS.filter((p) => p !== DLP_PERMISSION),
    });
    const issued = await requestToken(holder.sim, {
      client_id: 'narrow-role',
      client_secret: 'narrow-role-secret',
    });
    const token: string = issued.json.access_token;

    const dlp = await callBearer(holder.sim, DLP, token, { data: [{}] });
    const account = await callBearer(holder.sim, ACCOUNT, token);

    expect(dlp.status).toBe(403);
    expect(account.status).toBe(403);
  });

  it('applies missingPermissions to applications too', async () => {
    const token = await demoToken(holder.sim);
    holder.sim.faults.set({ missingPermissions: [DLP_PERMISSION] });

    const dlp = await callBearer(holder.sim, DLP, token, { data: [{}] });
    expect(dlp.status).toBe(403);
  });

  it('keeps signed API 1.0 calls working beside bearer ones', async () => {
    expect((await callSigned(holder.sim, ACCOUNT)).status).toBe(200);
  });
});

describe('API 2.0 control surface', () => {
  const holder = useSimulator();
  const control = (path: string, method = 'GET', body?: unknown) =>
    send(`${holder.sim.url}/__sim/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const tenant = (body: unknown) => control('tenant', 'POST', body);

  it('shows the API 2.0 applications without their secrets', async () => {
    await demoToken(holder.sim);
    const summary = await control('tenant');

    expect(summary.json.api2Applications[0]).toMatchObject({
      clientId: DEMO_TENANT.clientId,
      revoked: false,
    });
    expect(summary.json.api2Applications[0].liveTokens).toBeGreaterThan(0);
    expect(summary.json.tokenLifetimeMs).toBe(DEFAULT_TOKEN_LIFETIME_MS);
    expect(summary.text).not.toContain(DEMO_TENANT.clientSecret);
  });

  it('adds, narrows and revokes applications', async () => {
    const client = { client_id: 'ctl-app', client_secret: 'ctl-secret' };
    await tenant({
      action: 'addApi2Application',
      clientId: 'ctl-app',
      clientSecret: 'ctl-secret',
      permissions: [DLP_PERMISSION],
    });
    const token: string = (await requestToken(holder.sim, client)).json
      .access_token;
    const allowed = await callBearer(holder.sim, DLP, token, { data: [{}] });

    await tenant({
      action: 'setApi2Permissions',
      clientId: 'ctl-app',
      permissions: [],
    });
    const narrowed = await callBearer(holder.sim, DLP, token, { data: [{}] });
    await tenant({ action: 'revokeApi2Application', clientId: 'ctl-app' });

    expect(allowed.status).toBe(200);
    expect(narrowed.status).toBe(403);
    expect((await requestToken(holder.sim, client)).status).toBe(401);
  });

  it('sets the token lifetime and expires tokens', async () => {
    const token = await demoToken(holder.sim);
    await tenant({ action: 'setTokenLifetime', ms: 120_000 });
    await tenant({ action: 'expireTokens' });

    const expired = await callBearer(holder.sim, ACCOUNT, token);

    expect(entryCode(expired)).toBe('token_expired');
    expect((await requestToken(holder.sim)).json.expires_in).toBe(120);
  });

  it('sets the API 2.0 faults', async () => {
    const set = await control('faults', 'POST', {
      rejectClient: true,
      expireTokens: { count: 2 },
    });

    expect(set.json).toEqual({ rejectClient: {}, expireTokens: { count: 2 } });
    expect((await requestToken(holder.sim)).status).toBe(401);
  });
});
