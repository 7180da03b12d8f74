import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  formatMimecastDate,
  signedHeaders,
} from '../../src/mimecast/signing.js';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { callSigned, DEMO_KEYS, failCode, useSimulator } from './helpers.js';

const ACCOUNT = '/api/account/get-account';
const minutes = (n: number) => n * 60_000;

function headersSignedAt(date: string, path: string) {
  const requestId = '3d796b76-4180-40e5-8f7c-6e0fd643b1a9';
  const input = { ...DEMO_KEYS, date, requestId, path };
  return {
    'x-mc-date': date,
    'x-mc-req-id': requestId,
    Authorization: authorizationHeader(input),
  };
}

describe('signed call verification', () => {
  const holder = useSimulator();

  it('answers a correctly signed call with the account', async () => {
    const answer = await callSigned(holder.sim, ACCOUNT);

    expect(answer.status).toBe(200);
    expect(answer.json.fail).toEqual([]);
    expect(answer.json.data[0]).toMatchObject({
      accountCode: DEMO_TENANT.accountCode,
      accountName: DEMO_TENANT.accountName,
      region: 'us',
    });
  });

  it('accepts the older GMT suffix on x-mc-date', async () => {
    const date = formatMimecastDate(new Date()).replace(/UTC$/, 'GMT');
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      headers: headersSignedAt(date, ACCOUNT),
    });

    expect(answer.status).toBe(200);
    expect(answer.json.fail).toEqual([]);
  });

  it('refuses a missing or malformed x-mc-date with 401', async () => {
    for (const date of [undefined, 'Tue, 24 Nov 2015 12:50:11 EDT']) {
      const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
        headers: { 'x-mc-date': date },
      });
      expect(answer.status).toBe(401);
      expect(failCode(answer)).toBe('err_xdk_invalid_signature');
    }
  });

  it('refuses a date more than 15 minutes off with 401', async () => {
    const late = new Date(Date.now() - minutes(16));
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      date: late,
    });

    expect(answer.status).toBe(401);
    expect(failCode(answer)).toBe('err_xdk_invalid_signature');
  });

  it('accepts a date 14 minutes off', async () => {
    const early = new Date(Date.now() + minutes(14));
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      date: early,
    });
    expect(answer.status).toBe(200);
  });

  it('answers an unknown App ID with 200 and err_developer_key', async () => {
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      keys: { appId: '00000000-0000-0000-0000-000000000000' },
    });

    expect(answer.status).toBe(200);
    expect(failCode(answer)).toBe('err_developer_key');
    expect(answer.json.fail[0].errors[0].message).toMatch(/^App ID is invalid/);
  });

  it('answers a wrong app key, secret key or access key with 401', async () => {
    const otherSecret = Buffer.alloc(64, 7).toString('base64');
    const wrongs = [
      { appKey: 'not-the-app-key' },
      { secretKey: otherSecret },
      { accessKey: 'UnknownAccessKeyUnknownAccessKey' },
    ];
    for (const keys of wrongs) {
      const answer = await callSigned(holder.sim, ACCOUNT, undefined, { keys });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({
        meta: { status: 401 },
        fail: [
          {
            errors: [
              {
                code: 'err_xdk_invalid_signature',
                message: '0004 Invalid Signature',
              },
            ],
          },
        ],
      });
    }
  });

  it('refuses a signature over a different path', async () => {
    const other = signedHeaders(DEMO_KEYS, '/api/dlp/get-logs');
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      headers: other,
    });
    expect(answer.status).toBe(401);
  });

  it('refuses a request without x-mc-req-id', async () => {
    const answer = await callSigned(holder.sim, ACCOUNT, undefined, {
      headers: { 'x-mc-req-id': undefined },
    });
    expect(answer.status).toBe(401);
  });

  it('answers revoked keys with 418 AccessKey Has Expired', async () => {
    const { tenant } = holder.sim;
    const user = tenant.findUser(DEMO_TENANT.serviceAccount.email);
    const binding = user?.keys[0];
    if (!binding) throw new Error('demo binding missing');

    binding.revoked = true;
    const answer = await callSigned(holder.sim, ACCOUNT);
    binding.revoked = false;

    expect(answer.status).toBe(418);
    expect(failCode(answer)).toBe('err_xdk_binding_expired');
    expect(answer.json.fail[0].errors[0].message).toContain(
      'AccessKey Has Expired',
    );
  });

  it('answers 403 when the role lacks the permission', async () => {
    const { tenant } = holder.sim;
    const email = DEMO_TENANT.serviceAccount.email;
    tenant.removePermission(email, 'Monitoring | Data Leak Prevention | Read');

    const answer = await callSigned(holder.sim, '/api/dlp/get-logs', {
      data: [{ from: 'a', to: 'b' }],
    });
    tenant.grantPermission(email, 'Monitoring | Data Leak Prevention | Read');

    expect(answer.status).toBe(403);
    expect(answer.json.meta.status).toBe(403);
    expect(answer.json.fail).toHaveLength(1);
  });

  it('answers an app under 30 minutes old as an invalid App ID', async () => {
    const { tenant } = holder.sim;
    tenant.setApplicationCreatedAt(DEMO_TENANT.appId, new Date());

    const answer = await callSigned(holder.sim, ACCOUNT);
    tenant.setApplicationCreatedAt(DEMO_TENANT.appId, new Date(0));

    expect(answer.status).toBe(200);
    expect(failCode(answer)).toBe('err_developer_key');
  });
});
