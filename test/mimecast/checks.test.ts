import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MimecastCredentials } from '../../src/credentials.js';
import {
  formatApiDateTime,
  PERMISSION_PROBES,
  runChecks,
  summariseFailures,
} from '../../src/mimecast/checks.js';
import type { CheckResult } from '../../src/mimecast/checks.js';
import { MimecastClient } from '../../src/mimecast/client.js';

const BASE = 'https://us-api.mimecast.com';
const NOW = new Date('2024-05-01T12:00:00Z');
const CREDENTIALS: MimecastCredentials = {
  appId: 'app-1',
  appKey: 'app-key-value',
  accessKey: 'access-key-value-123456',
  secretKey: Buffer.from('secret key bytes, twenty+').toString('base64'),
  baseUrl: BASE,
};
const ACCOUNT = {
  meta: { status: 200 },
  data: [{ accountCode: 'CUSA12A34', accountName: 'Example Corp' }],
  fail: [],
};
const EMPTY = { meta: { status: 200 }, data: [], fail: [] };
const LAST_TOKEN = { meta: { status: 200, isLastToken: true }, data: [] };
const FORBIDDEN = { meta: { status: 403 }, data: [], fail: [] };

function createClient() {
  return new MimecastClient({
    credentials: CREDENTIALS,
    timeoutMs: 2_000,
    sleep: () => Promise.resolve(),
    random: () => 0,
  });
}

function check() {
  return runChecks(createClient(), { now: () => NOW });
}

type Answer = [number, unknown, Record<string, string>?];

/** Serves the auth check and each probe; unnamed probes answer EMPTY. */
function serve(
  auth: Answer,
  probes: Partial<Record<string, Answer>> = {},
): Map<string, unknown> {
  const bodies = new Map<string, unknown>();
  const scope = nock(BASE);
  scope.post('/api/account/get-account').reply(auth[0], json(auth[1]));

  for (const probe of PERMISSION_PROBES) {
    const [status, body, headers] = probes[probe.id] ?? [200, EMPTY];
    scope
      .post(probe.path)
      .times(status >= 500 ? 3 : 1)
      .reply((_uri, requestBody) => {
        bodies.set(probe.id, requestBody);
        return [status, Buffer.isBuffer(body) ? body : json(body), headers];
      });
  }
  return bodies;
}

function json(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('runChecks', () => {
  it('passes every check and reads the account', async () => {
    serve([200, ACCOUNT], { 'gateway-tracking': [200, LAST_TOKEN] });

    const report = await check();

    expect(report.ok).toBe(true);
    expect(report.error).toBeUndefined();
    expect(report.account).toEqual({
      code: 'CUSA12A34',
      name: 'Example Corp',
    });
    expect(report.checks.map((c) => [c.id, c.permission, c.ok])).toEqual([
      ['auth', undefined, true],
      ['account-logs', 'Account | Logs | Read', true],
      ['dlp', 'Monitoring | Data Leak Prevention | Read', true],
      ['attachment-protection', 'Monitoring | Attachment Protection | Read', true],
      ['impersonation-protection', 'Monitoring | Impersonation Protection | Read', true],
      ['url-protection', 'Monitoring | URL Protection | Read', true],
      ['gateway-tracking', 'Gateway | Tracking | Read', true],
    ]);
    expect(report.siemLogs).toEqual({ available: false });
  });

  it('sends each probe its smallest body over the last hour', async () => {
    const bodies = serve([200, ACCOUNT]);
    await check();

    const from = '2024-05-01T11:00:00+0000';
    const to = '2024-05-01T12:00:00+0000';
    const page = { pagination: { pageSize: 1 } };
    expect(Object.fromEntries(bodies)).toEqual({
      'account-logs': {
        meta: page,
        data: [{ startDateTime: from, endDateTime: to }],
      },
      dlp: { meta: page, data: [{ from, to, oldestFirst: false }] },
      'attachment-protection': {
        meta: page,
        data: [{ from, to, oldestFirst: false, route: 'all', result: 'all' }],
      },
      'impersonation-protection': {
        meta: page,
        data: [{ from, to, oldestFirst: false }],
      },
      'url-protection': {
        meta: page,
        data: [
          { from, to, oldestFirst: false, route: 'all', scanResult: 'all' },
        ],
      },
      'gateway-tracking': { data: [{ type: 'MTA', fileFormat: 'json' }] },
    });
  });

  it('passes the auth check on a 403, without an account', async () => {
    serve([403, FORBIDDEN]);
    const report = await check();

    expect(report.ok).toBe(true);
    expect(report.checks[0]).toEqual({ id: 'auth', ok: true });
    expect(report.account).toBeNull();
  });

  it('stops at a failed auth check and reports its error', async () => {
    nock(BASE)
      .post('/api/account/get-account')
      .reply(
        401,
        json({ fail: [{ errors: [{ code: 'err_xdk_invalid_signature' }] }] }),
      );

    const report = await check();

    expect(report.ok).toBe(false);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]?.error?.code).toBe('invalid_signature');
    expect(report.error).toEqual(report.checks[0]?.error);
    expect(report.siemLogs).toBeNull();
    expect(nock.isDone()).toBe(true);
  });

  it('sends all six probes before any of them is answered', async () => {
    nock(BASE).post('/api/account/get-account').reply(200, json(ACCOUNT));
    let arrived = 0;
    let arrivedAtFirstAnswer: number | undefined;
    for (const probe of PERMISSION_PROBES) {
      nock(BASE)
        .post(probe.path)
        .reply((_uri, _body, callback) => {
          arrived += 1;
          setTimeout(() => {
            arrivedAtFirstAnswer ??= arrived;
            callback(null, [200, json(EMPTY)]);
          }, 100);
        });
    }

    const report = await check();

    expect(report.ok).toBe(true);
    expect(arrivedAtFirstAnswer).toBe(6);
  });

  it('names each missing permission and the role to add it to', async () => {
    serve([200, ACCOUNT], {
      dlp: [403, FORBIDDEN],
      'gateway-tracking': [403, FORBIDDEN],
      'url-protection': [500, 'oops'],
    });

    const report = await check();

    expect(report.ok).toBe(false);
    const dlp = report.checks.find((c) => c.id === 'dlp');
    expect(dlp?.error?.code).toBe('permission_denied');
    expect(dlp?.error?.message).toContain(
      '"Monitoring | Data Leak Prevention | Read"',
    );
    expect(dlp?.error?.hint).toContain('Administration > Account > Roles');
    expect(report.error?.code).toBe('permission_denied');
    expect(report.error?.message).toContain(
      '2 permissions XDR needs: "Monitoring | Data Leak Prevention | Read", "Gateway | Tracking | Read"',
    );
    expect(report.error?.hint).toContain('Services | Gateway | Tracking');
    expect(report.siemLogs).toBeNull();
  });

  it('reports the most urgent failure when no permission lacks', async () => {
    serve([200, ACCOUNT], {
      dlp: [503, '<html><title>down</title></html>'],
      'url-protection': [418, { fail: [] }],
    });

    const report = await check();

    expect(report.checks.find((c) => c.id === 'dlp')?.error?.code).toBe(
      'server_error',
    );
    expect(report.error?.code).toBe('keys_expired');
  });

  it('sees SIEM logs in a binary answer', async () => {
    serve([200, ACCOUNT], {
      'gateway-tracking': [
        200,
        Buffer.from('PK\u0003\u0004'),
        { 'Content-Type': 'application/octet-stream', 'mc-siem-token': 't' },
      ],
    });
    expect((await check()).siemLogs).toEqual({ available: true });
  });

  it('sees no SIEM logs in an empty JSON answer', async () => {
    serve([200, ACCOUNT], { 'gateway-tracking': [200, EMPTY] });
    expect((await check()).siemLogs).toEqual({ available: false });
  });
});

describe('summariseFailures', () => {
  const failed = (id: CheckResult['id'], code: string): CheckResult => ({
    id,
    ok: false,
    error: { code: code as 'server_error', message: code, hint: '' },
  });

  it('ranks fixes in the credentials above passing faults', () => {
    const checks = [
      failed('dlp', 'unreachable'),
      failed('url-protection', 'rate_limited'),
      failed('account-logs', 'invalid_app_id'),
    ];
    expect(summariseFailures(checks)?.code).toBe('invalid_app_id');
  });

  it('ranks rate limits above server errors above unreachable', () => {
    const checks = [
      failed('dlp', 'unreachable'),
      failed('url-protection', 'server_error'),
      failed('account-logs', 'rate_limited'),
    ];
    expect(summariseFailures(checks)?.code).toBe('rate_limited');
  });

  it('has nothing to say when all passed', () => {
    expect(summariseFailures([{ id: 'auth', ok: true }])).toBeUndefined();
  });
});

describe('formatApiDateTime', () => {
  it('formats as the log endpoints want', () => {
    expect(formatApiDateTime(new Date('2011-12-03T10:15:30.123Z'))).toBe(
      '2011-12-03T10:15:30+0000',
    );
  });
});
