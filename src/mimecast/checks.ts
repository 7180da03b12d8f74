import { isCliError } from '../errors.js';
import type { ErrorCode, ErrorInfo } from '../errors.js';
import type { MimecastClient, MimecastResponse } from './client.js';

/** The checks `test` runs, by their stable ids. */
export type CheckId =
  | 'auth'
  | 'account-logs'
  | 'dlp'
  | 'attachment-protection'
  | 'impersonation-protection'
  | 'url-protection'
  | 'gateway-tracking';

/** The outcome of one check. */
export interface CheckResult {
  id: CheckId;
  /** The role permission a probe needs, in the console's words. */
  permission?: string;
  ok: boolean;
  error?: ErrorInfo;
}

/** Everything `test` learns about a set of credentials. */
export interface ChecksReport {
  ok: boolean;
  account: { code: string; name: string } | null;
  checks: CheckResult[];
  /** Whether gateway (SIEM) log files exist yet; null if not learnt. */
  siemLogs: { available: boolean } | null;
  /** The one error that sums up the report, when it is not ok. */
  error?: ErrorInfo;
}

/** The time range of a log probe, formatted as the API wants it. */
interface ProbeWindow {
  from: string;
  to: string;
}

/** One permission XDR needs, and the cheapest read that proves it. */
export interface PermissionProbe {
  id: CheckId;
  permission: string;
  path: string;
  buildBody: (window: ProbeWindow) => unknown;
}

const ONE_RECORD = { pagination: { pageSize: 1 } };

/** The six reads XDR makes, in the order the report lists them. */
export const PERMISSION_PROBES: readonly PermissionProbe[] = [
  {
    id: 'account-logs',
    permission: 'Account | Logs | Read',
    path: '/api/audit/get-audit-events',
    buildBody: ({ from, to }) => ({
      meta: ONE_RECORD,
      data: [{ startDateTime: from, endDateTime: to }],
    }),
  },
  {
    id: 'dlp',
    permission: 'Monitoring | Data Leak Prevention | Read',
    path: '/api/dlp/get-logs',
    buildBody: ({ from, to }) => ({
      meta: ONE_RECORD,
      data: [{ from, to, oldestFirst: false }],
    }),
  },
  {
    id: 'attachment-protection',
    permission: 'Monitoring | Attachment Protection | Read',
    path: '/api/ttp/attachment/get-logs',
    buildBody: ({ from, to }) => ({
      meta: ONE_RECORD,
      data: [{ from, to, oldestFirst: false, route: 'all', result: 'all' }],
    }),
  },
  {
    id: 'impersonation-protection',
    permission: 'Monitoring | Impersonation Protection | Read',
    path: '/api/ttp/impersonation/get-logs',
    buildBody: ({ from, to }) => ({
      meta: ONE_RECORD,
      data: [{ from, to, oldestFirst: false }],
    }),
  },
  {
    id: 'url-protection',
    permission: 'Monitoring | URL Protection | Read',
    path: '/api/ttp/url/get-logs',
    buildBody: ({ from, to }) => ({
      meta: ONE_RECORD,
      data: [
        { from, to, oldestFirst: false, route: 'all', scanResult: 'all' },
      ],
    }),
  },
  {
    id: 'gateway-tracking',
    permission: 'Gateway | Tracking | Read',
    path: '/api/audit/get-siem-logs',
    buildBody: () => ({ data: [{ type: 'MTA', fileFormat: 'json' }] }),
  },
];

/** The auth check's path; its own permission is not one XDR needs. */
export const AUTH_CHECK_PATH = '/api/account/get-account';

const PROBE_WINDOW_MS = 60 * 60_000;
const ROLES_PATH = 'Administration > Account > Roles';

/** Inputs of runChecks. */
export interface RunChecksOptions {
  /** The clock that ends the probes' time window. */
  now?: () => Date;
}

/**
 * Proves a set of credentials: first one signed call, then, all at once,
 * one read per permission XDR needs. When the auth check fails, the report
 * holds it alone.
 */
export async function runChecks(
  client: Pick<MimecastClient, 'post'>,
  options: RunChecksOptions = {},
): Promise<ChecksReport> {
  const auth = await checkAuth(client);
  if (!auth.result.ok) {
    return {
      ok: false,
      account: null,
      checks: [auth.result],
      siemLogs: null,
      ...(auth.result.error ? { error: auth.result.error } : {}),
    };
  }

  const window = probeWindow((options.now ?? (() => new Date()))());
  const probes = await Promise.all(
    PERMISSION_PROBES.map((probe) => runProbe(client, probe, window)),
  );
  return buildReport(auth, probes);
}

interface CheckOutcome {
  result: CheckResult;
  response?: MimecastResponse;
}

interface AuthOutcome extends CheckOutcome {
  account: ChecksReport['account'];
}

async function checkAuth(
  client: Pick<MimecastClient, 'post'>,
): Promise<AuthOutcome> {
  const outcome = await runCheck(() =>
    client.post(AUTH_CHECK_PATH, { data: [] }),
  );

  // The keys are proven by any answer past the signature check; a role
  // without Accounts | Dashboard | Read is refused only after it.
  if (outcome.error?.code === 'permission_denied') {
    return { result: { id: 'auth', ok: true }, account: null };
  }
  if (outcome.error) {
    const result = { id: 'auth' as const, ok: false, error: outcome.error };
    return { result, account: null };
  }
  const account = readAccount(outcome.response);
  return { result: { id: 'auth', ok: true }, account };
}

async function runProbe(
  client: Pick<MimecastClient, 'post'>,
  probe: PermissionProbe,
  window: ProbeWindow,
): Promise<CheckOutcome> {
  const outcome = await runCheck(() =>
    client.post(probe.path, probe.buildBody(window)),
  );
  const base = { id: probe.id, permission: probe.permission };

  if (!outcome.error) {
    return { result: { ...base, ok: true }, response: outcome.response };
  }
  const error =
    outcome.error.code === 'permission_denied'
      ? missingPermissionError(probe.permission)
      : outcome.error;
  return { result: { ...base, ok: false, error } };
}

async function runCheck(
  call: () => Promise<MimecastResponse>,
): Promise<{ response?: MimecastResponse; error?: ErrorInfo }> {
  try {
    return { response: await call() };
  } catch (error) {
    if (!isCliError(error)) throw error;
    return { error: error.toInfo() };
  }
}

function missingPermissionError(permission: string): ErrorInfo {
  return {
    code: 'permission_denied',
    message: `The service account's role lacks the permission "${permission}".`,
    hint: `Add "${permission}" to the service account's role under ${ROLES_PATH}${consoleNote([permission])}, then run the test again.`,
  };
}

function buildReport(
  auth: AuthOutcome,
  probes: CheckOutcome[],
): ChecksReport {
  const checks = [auth.result, ...probes.map((probe) => probe.result)];
  const ok = checks.every((check) => check.ok);
  const gateway = probes.find((p) => p.result.id === 'gateway-tracking');
  const report: ChecksReport = {
    ok,
    account: auth.account,
    checks,
    siemLogs: gateway?.response
      ? { available: hasSiemLogs(gateway.response) }
      : null,
  };

  const error = ok ? undefined : summariseFailures(checks);
  return error ? { ...report, error } : report;
}

/**
 * A log file, or JSON that still has data, means Enhanced Logging produces
 * gateway logs; `isLastToken` or an empty list means none exist yet.
 */
function hasSiemLogs(response: MimecastResponse): boolean {
  if (response.binary !== undefined) return true;
  const envelope = response.envelope;
  if (!envelope) return response.headers['mc-siem-token'] !== undefined;
  if (envelope.meta.isLastToken === true) return false;
  return envelope.data.length > 0;
}

const URGENCY: readonly ErrorCode[] = [
  'invalid_signature',
  'clock_skew',
  'invalid_app_id',
  'keys_expired',
  'rate_limited',
  'server_error',
  'unreachable',
];

/**
 * The report's one error: every missing permission at once when any is
 * missing, else the most urgent failure, where the ones the user fixes in
 * the credentials come before the ones that go away by waiting.
 */
export function summariseFailures(
  checks: readonly CheckResult[],
): ErrorInfo | undefined {
  const errors = checks.flatMap((check) => (check.error ? [check] : []));
  const missing = errors.filter((c) => c.error?.code === 'permission_denied');
  if (missing.length > 0) {
    return missingPermissionsError(missing.map((c) => c.permission ?? c.id));
  }

  const rank = (code: ErrorCode) => {
    const index = URGENCY.indexOf(code);
    return index === -1 ? URGENCY.length : index;
  };
  const sorted = errors
    .map((check) => check.error as ErrorInfo)
    .sort((a, b) => rank(a.code) - rank(b.code));
  return sorted[0];
}

function missingPermissionsError(permissions: string[]): ErrorInfo {
  const list = permissions.map((p) => `"${p}"`).join(', ');
  const noun = permissions.length === 1 ? 'permission' : 'permissions';
  return {
    code: 'permission_denied',
    message: `The service account's role lacks ${permissions.length} ${noun} XDR needs: ${list}.`,
    hint: `Add ${list} to the service account's role under ${ROLES_PATH}${consoleNote(permissions)}, then run the test again.`,
  };
}

const GATEWAY_PERMISSION = 'Gateway | Tracking | Read';

/** The console lists the gateway permission under a longer name. */
function consoleNote(permissions: string[]): string {
  return permissions.includes(GATEWAY_PERMISSION)
    ? ' (the console may list the gateway one as "Services | Gateway | Tracking")'
    : '';
}

function readAccount(
  response: MimecastResponse | undefined,
): ChecksReport['account'] {
  const first: unknown = response?.envelope?.data[0];
  if (typeof first !== 'object' || first === null) return null;

  const { accountCode, accountName } = first as Record<string, unknown>;
  if (typeof accountCode !== 'string' || accountCode === '') return null;
  const name = typeof accountName === 'string' ? accountName : '';
  return { code: accountCode, name };
}

/** Formats a moment as the log endpoints want: `2011-12-03T10:15:30+0000`. */
export function formatApiDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

function probeWindow(end: Date): ProbeWindow {
  const start = new Date(end.getTime() - PROBE_WINDOW_MS);
  return { from: formatApiDateTime(start), to: formatApiDateTime(end) };
}
