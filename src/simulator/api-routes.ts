import { randomBytes } from 'node:crypto';
import { verifyBearerRequest } from './oauth-routes.js';
import { DASHBOARD_PERMISSION, XDR_PERMISSIONS } from './permissions.js';
import {
  dataReply,
  failReply,
  headerValue,
  jsonReply,
  parseJsonBody,
} from './reply.js';
import type { SimContext, SimReply, SimRequest } from './reply.js';
import {
  sampleAccount,
  sampleAttachmentLogs,
  sampleAuditEvents,
  sampleDlpLogs,
  sampleImpersonationLogs,
  sampleSiemFile,
  sampleUrlLogs,
} from './sample-data.js';
import { verifySignedRequest } from './verify.js';

type DataItem = Record<string, unknown>;

interface ApiEndpoint {
  permission: string;
  /** Fields data[0] must carry. */
  required?: string[];
  answer(context: SimContext): SimReply;
}

const [
  ACCOUNT_LOGS,
  DLP,
  ATTACHMENT,
  IMPERSONATION,
  URL_PROTECTION,
  GATEWAY,
] = XDR_PERMISSIONS;

const ENDPOINTS: Record<string, ApiEndpoint> = {
  '/api/account/get-account': {
    permission: DASHBOARD_PERMISSION,
    answer: (context) => dataReply([sampleAccount(context.tenant)]),
  },
  '/api/audit/get-audit-events': {
    permission: ACCOUNT_LOGS,
    required: ['startDateTime', 'endDateTime'],
    answer: (context) => pagedReply(sampleAuditEvents(context.now())),
  },
  '/api/dlp/get-logs': {
    permission: DLP,
    answer: (context) => pagedReply(sampleDlpLogs(context.now())),
  },
  '/api/ttp/attachment/get-logs': {
    permission: ATTACHMENT,
    answer: (context) => pagedReply(sampleAttachmentLogs(context.now())),
  },
  '/api/ttp/impersonation/get-logs': {
    permission: IMPERSONATION,
    answer: (context) => pagedReply(sampleImpersonationLogs(context.now())),
  },
  '/api/ttp/url/get-logs': {
    permission: URL_PROTECTION,
    answer: (context) => pagedReply(sampleUrlLogs(context.now())),
  },
  '/api/audit/get-siem-logs': {
    permission: GATEWAY,
    answer: answerSiemLogs,
  },
};

/**
 * Answers an API call, signed (API 1.0) or with a bearer token (API 2.0):
 * verifies it, checks the role, checks the body, then returns the
 * endpoint's data.
 */
export function handleSignedCall(
  request: SimRequest,
  context: SimContext,
): SimReply {
  const endpoint = ENDPOINTS[request.path];
  if (!endpoint) return notFound();

  const caller = authenticate(request, context);
  if ('reply' in caller) return caller.reply;

  if (!hasPermission(caller.permissions, endpoint.permission, context)) {
    return failReply(403, {
      code: 'err_xdk_forbidden',
      message: 'The role of this user does not allow this request',
    });
  }

  const bodyFailure = checkBody(request.body, endpoint.required ?? []);
  return bodyFailure ?? endpoint.answer(context);
}

/** The answer for a path under /api that the simulator does not know. */
export function notFound(): SimReply {
  return failReply(404, {
    code: 'err_resource_not_found',
    message: 'No such API endpoint',
  });
}

/** The role of the caller: the signing user's, or the 2.0 application's. */
function authenticate(
  request: SimRequest,
  context: SimContext,
): { permissions: ReadonlySet<string> } | { reply: SimReply } {
  const authorization = headerValue(request.headers, 'authorization') ?? '';
  if (/^Bearer /.test(authorization)) {
    const bearer = verifyBearerRequest(request, context);
    return bearer.ok ? { permissions: bearer.app.permissions } : bearer;
  }

  const signed = verifySignedRequest(request, context);
  return signed.ok ? { permissions: signed.caller.user.permissions } : signed;
}

function hasPermission(
  permissions: ReadonlySet<string>,
  permission: string,
  context: SimContext,
): boolean {
  if (context.faults.isPermissionMissing(permission)) return false;
  return permissions.has(permission);
}

function checkBody(body: Buffer, required: string[]): SimReply | undefined {
  const json = parseJsonBody(body);
  const data = isObject(json) ? json.data : undefined;
  if (!Array.isArray(data)) {
    return failReply(400, {
      code: 'err_request_malformed',
      message: 'The body must be a JSON object with a data array',
    });
  }

  const item: unknown = data[0];
  const fields = isObject(item) ? item : {};
  const missing = required.find((field) => fields[field] === undefined);
  if (missing === undefined) return undefined;
  return failReply(
    400,
    { code: 'err_validation_missing', message: `${missing} is required` },
    { key: fields },
  );
}

function pagedReply(data: unknown[]): SimReply {
  const pagination = {
    pageSize: data.length,
    next: randomBytes(12).toString('base64url'),
  };
  return dataReply(data, { pagination });
}

function answerSiemLogs(context: SimContext): SimReply {
  if (!context.tenant.siemLogsAvailable) {
    return jsonReply(200, {
      meta: { status: 200, isLastToken: true },
      data: [],
      fail: [],
    });
  }

  const now = context.now();
  const token = `${context.tenant.accountCode}_${now.getTime()}`;
  return {
    kind: 'raw',
    status: 200,
    contentType: 'application/octet-stream',
    body: sampleSiemFile(now, context.tenant.accountCode),
    headers: {
      'mc-siem-token': token,
      'Content-Disposition': `attachment; filename="${token}.json.gz"`,
    },
  };
}

function isObject(value: unknown): value is DataItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
