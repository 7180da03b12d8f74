import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import {
  DASHBOARD_PERMISSION,
  XDR_PERMISSIONS,
} from '../../src/simulator/permissions.js';
import { callSigned, failCode, useSimulator } from './helpers.js';

const EMAIL = DEMO_TENANT.serviceAccount.email;
const ACCOUNT = '/api/account/get-account';
const WINDOW = {
  from: '2025-01-01T00:00:00+0000',
  to: '2025-01-02T00:00:00+0000',
};

const PROBES = [
  {
    path: '/api/audit/get-audit-events',
    permission: 'Account | Logs | Read',
    body: {
      meta: { pagination: { pageSize: 1 } },
      data: [
        {
          startDateTime: '2025-01-01T00:00:00+0000',
          endDateTime: '2025-01-02T00:00:00+0000',
        },
      ],
    },
  },
  {
    path: '/api/dlp/get-logs',
    permission: 'Monitoring | Data Leak Prevention | Read',
    body: { data: [{ ...WINDOW, oldestFirst: false }] },
  },
  {
    path: '/api/ttp/attachment/get-logs',
    permission: 'Monitoring | Attachment Protection | Read',
    body: { data: [{ ...WINDOW, route: 'all', result: 'all' }] },
  },
  {
    path: '/api/ttp/impersonation/get-logs',
    permission: 'Monitoring | Impersonation Protection | Read',
    body: { data: [{ ...WINDOW }] },
  },
  {
    path: '/api/ttp/url/get-logs',
    permission: 'Monitoring | URL Protection | Read',
    body: { data: [{ ...WINDOW, route: 'all', scanResult: 'all' }] },
  },
  {
    path: '/api/audit/get-siem-logs',
    permission: 'Gateway | Tracking | Read',
    body: { data: [{ type: 'MTA', fileFormat: 'json' }] },
  },
];

describe('simulated endpoints', () => {
  const holder = useSimulator();

  it('names the six permissions exactly', () => {
    expect(XDR_PERMISSIONS).toEqual(PROBES.map((probe) => probe.permission));
  });

  it.each(PROBES.slice(0, 5))('answers $path with data', async (probe) => {
    const answer = await callSigned(holder.sim, probe.path, probe.body);

    expect(answer.status).toBe(200);
    expect(answer.json.meta.status).toBe(200);
    expect(answer.json.fail).toEqual([]);
    expect(answer.json.data).toHaveLength(1);
  });

  it.each(PROBES)('answers $path with 403 without its permission', async (
    probe,
  ) => {
    holder.sim.tenant.removePermission(EMAIL, probe.permission);
    const answer = await callSigned(holder.sim, probe.path, probe.body);
    holder.sim.tenant.grantPermission(EMAIL, probe.permission);

    expect(answer.status).toBe(403);
    expect(answer.json.meta.status).toBe(403);
  });

  it('needs Accounts | Dashboard | Read for get-account', async () => {
    holder.sim.tenant.removePermission(EMAIL, DASHBOARD_PERMISSION);
    const answer = await callSigned(holder.sim, ACCOUNT);
    holder.sim.tenant.grantPermission(EMAIL, DASHBOARD_PERMISSION);

    expect(answer.status).toBe(403);
  });

  it('sends a binary SIEM file with its next token', async () => {
    const siem = PROBES[5];
    if (!siem) throw new Error('no siem probe');
    const answer = await callSigned(holder.sim, siem.path, siem.body);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(
      'application/octet-stream',
    );
    expect(answer.headers.get('mc-siem-token')).toMatch(/^CUSA-DEMO/);
    const file = gunzipSync(answer.bytes);
    expect(JSON.parse(file.toString('utf8'))).toHaveProperty('Act');
  });

  it('answers SIEM logs with isLastToken when none exist', async () => {
    holder.sim.tenant.setSiemLogsAvailable(false);
    const answer = await callSigned(holder.sim, '/api/audit/get-siem-logs');
    holder.sim.tenant.setSiemLogsAvailable(true);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      meta: { status: 200, isLastToken: true },
      data: [],
      fail: [],
    });
  });

  it('needs both dates for audit events', async () => {
    const answer = await callSigned(holder.sim, '/api/audit/get-audit-events', {
      data: [{ startDateTime: '2025-01-01T00:00:00+0000' }],
    });

    expect(answer.status).toBe(400);
    expect(answer.json.fail[0].errors[0].message).toContain('endDateTime');
  });

  it('needs a data array in the body', async () => {
    for (const rawBody of ['{}', 'not json', '{"data": {}}']) {
      const answer = await callSigned(holder.sim, '/api/dlp/get-logs', {}, {
        rawBody,
      });
      expect(answer.status).toBe(400);
      expect(failCode(answer)).toBe('err_request_malformed');
    }
  });

  it('answers an unknown API path with 404', async () => {
    const answer = await callSigned(holder.sim, '/api/nothing/here');
    expect(answer.status).toBe(404);
  });

  it('answers any method but POST with 405', async () => {
    const answer = await callSigned(holder.sim, ACCOUNT, {}, {
      method: 'GET',
    });

    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });
});
