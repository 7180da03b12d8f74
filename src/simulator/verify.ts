import { timingSafeEqual } from 'node:crypto';
import { computeSignature } from '../mimecast/signing.js';
import { parseMimecastDate } from './mimecast-date.js';
import { failReply, headerValue } from './reply.js';
import type { SimContext, SimReply, SimRequest } from './reply.js';
import { isApplicationLive, isBindingLive } from './tenant.js';
import type {
  KeyBinding,
  SimulatedApplication,
  SimulatedUser,
} from './tenant.js';

/** How far a request's x-mc-date may be from the simulator's clock. */
export const CLOCK_SKEW_LIMIT_MS = 15 * 60_000;

/** A signed call that passed every check, and whose keys signed it. */
export interface VerifiedCaller {
  app: SimulatedApplication;
  user: SimulatedUser;
  binding: KeyBinding;
}

/** Either the verified caller or the answer that refuses the call. */
export type Verification =
  | { ok: true; caller: VerifiedCaller }
  | { ok: false; reply: SimReply };

const INVALID_SIGNATURE = {
  code: 'err_xdk_invalid_signature',
  message: '0004 Invalid Signature',
};

/** A 401 invalid-signature answer, with a detail when it helps. */
export function invalidSignature(detail?: string): SimReply {
  const message = detail
    ? `${INVALID_SIGNATURE.message}: ${detail}`
    : INVALID_SIGNATURE.message;
  return failReply(401, { ...INVALID_SIGNATURE, message });
}

/** The 200-with-failure answer for an unknown or not yet live App ID. */
export function invalidAppId(detail: string): SimReply {
  return failReply(200, {
    code: 'err_developer_key',
    message: `App ID is invalid: ${detail}`,
  });
}

/**
 * Checks x-mc-date and x-mc-req-id: present, in the documented format and
 * within the skew limit of the simulator's clock.
 */
export function checkRequestDate(
  request: SimRequest,
  context: SimContext,
): SimReply | undefined {
  const dateHeader = headerValue(request.headers, 'x-mc-date');
  const date = dateHeader ? parseMimecastDate(dateHeader) : undefined;
  if (!date) return invalidSignature('x-mc-date is missing or malformed');

  const skew = Math.abs(date.getTime() - context.now().getTime());
  if (skew > CLOCK_SKEW_LIMIT_MS) {
    return invalidSignature('x-mc-date is too far from the server time');
  }

  if (!headerValue(request.headers, 'x-mc-req-id')) {
    return invalidSignature('x-mc-req-id is missing');
  }
  return undefined;
}

/** Finds the application of x-mc-app-id and checks that it is live. */
export function checkApplication(
  request: SimRequest,
  context: SimContext,
): { app: SimulatedApplication } | { reply: SimReply } {
  const appId = headerValue(request.headers, 'x-mc-app-id') ?? '';
  const app = context.tenant.findApplication(appId);
  if (!app) return { reply: invalidAppId('unknown application') };

  const forcedNotLive = context.faults.take('appNotLive', request.path);
  if (forcedNotLive || !isApplicationLive(app, context.now())) {
    return { reply: invalidAppId('the application is not active yet') };
  }
  return { app };
}

/**
 * Verifies a signed API 1.0 call in the service's order: date, App ID,
 * access key and HMAC, then whether the keys are still valid.
 */
export function verifySignedRequest(
  request: SimRequest,
  context: SimContext,
): Verification {
  const dateFailure = checkRequestDate(request, context);
  if (dateFailure) return { ok: false, reply: dateFailure };

  const application = checkApplication(request, context);
  if ('reply' in application) return { ok: false, reply: application.reply };

  const match = matchSignature(request, context, application.app);
  if (!match) return { ok: false, reply: invalidSignature() };

  const forcedRevoked = context.faults.take('revokedKeys', request.path);
  if (forcedRevoked || !isBindingLive(match.binding, context.now())) {
    return { ok: false, reply: bindingExpired() };
  }
  return { ok: true, caller: { app: application.app, ...match } };
}

function matchSignature(
  request: SimRequest,
  context: SimContext,
  app: SimulatedApplication,
): { user: SimulatedUser; binding: KeyBinding } | undefined {
  const authorization = headerValue(request.headers, 'authorization') ?? '';
  const parsed = /^MC ([^:\s]+):(\S+)$/.exec(authorization);
  if (!parsed) return undefined;

  const [, accessKey = '', signature = ''] = parsed;
  const match = context.tenant.findBinding(accessKey);
  if (!match) return undefined;

  const expected = computeSignature({
    accessKey,
    secretKey: match.binding.secretKey,
    appKey: app.appKey,
    date: headerValue(request.headers, 'x-mc-date') ?? '',
    requestId: headerValue(request.headers, 'x-mc-req-id') ?? '',
    path: request.path,
  });
  return equalText(expected, signature) ? match : undefined;
}

function bindingExpired(): SimReply {
  return failReply(418, {
    code: 'err_xdk_binding_expired',
    message: 'AccessKey Has Expired',
  });
}

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
