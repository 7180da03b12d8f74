import { timingSafeEqual } from 'node:crypto';
import { failReply, headerValue, jsonReply } from './reply.js';
import type { SimContext, SimReply, SimRequest } from './reply.js';
import { isTokenLive } from './tenant.js';
import type { SimulatedApi2Application } from './tenant.js';

/** The API 2.0 token endpoint. */
export const TOKEN_PATH = '/oauth/token';

/** A bearer call whose token is live, and the application it belongs to. */
export type BearerVerification =
  | { ok: true; app: SimulatedApi2Application }
  | { ok: false; reply: SimReply };

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Answers POST /oauth/token: a form with the client credentials grant.
 * A wrong, unknown or revoked client gets 401 `invalid_client`.
 */
export function handleTokenRequest(
  request: SimRequest,
  context: SimContext,
): SimReply {
  const type = headerValue(request.headers, 'content-type') ?? '';
  if (!type.toLowerCase().startsWith(FORM_TYPE)) {
    return oauthError(400, 'invalid_request', `Send the form as ${FORM_TYPE}`);
  }

  const form = new URLSearchParams(request.body.toString('utf8'));
  if (form.get('grant_type') !== 'client_credentials') {
    const detail = 'Only grant_type=client_credentials is supported';
    return oauthError(400, 'unsupported_grant_type', detail);
  }

  const app = findClient(form, context);
  if (!app || context.faults.take('rejectClient', request.path)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed');
  }

  const token = context.tenant.issueToken(app, context.now());
  return jsonReply(200, {
    access_token: token.value,
    token_type: 'Bearer',
    expires_in: Math.floor(context.tenant.tokenLifetimeMs / 1000),
  });
}

function findClient(
  form: URLSearchParams,
  context: SimContext,
): SimulatedApi2Application | undefined {
  const clientId = form.get('client_id') ?? '';
  const app = context.tenant.findApi2Application(clientId);
  if (!app || app.revoked) return undefined;

  const secret = form.get('client_secret') ?? '';
  return equalText(secret, app.clientSecret) ? app : undefined;
}

/**
 * Checks the bearer token of an API 2.0 call: known, unexpired, of an
 * application that is not revoked. An expired token (or the
 * `expireTokens` fault) is a 401 whose fail entry has `token_expired`.
 */
export function verifyBearerRequest(
  request: SimRequest,
  context: SimContext,
): BearerVerification {
  const header = headerValue(request.headers, 'authorization') ?? '';
  const value = /^Bearer (\S+)$/.exec(header)?.[1] ?? '';
  const token = context.tenant.findToken(value);
  const app = token && context.tenant.findApi2Application(token.clientId);
  if (!token || !app || app.revoked) {
    return { ok: false, reply: bearerRefused() };
  }

  const forced = context.faults.take('expireTokens', request.path);
  if (forced || !isTokenLive(token, context.now())) {
    return { ok: false, reply: tokenExpired() };
  }
  return { ok: true, app };
}

function oauthError(
  status: number,
  error: string,
  description: string,
): SimReply {
  return jsonReply(status, { error, error_description: description });
}

function bearerRefused(): SimReply {
  return failReply(401, {
    code: 'unauthorized',
    message: 'The access token is not valid',
  });
}

// The code sits on the fail entry itself, as API 2.0 reports an expiry.
function tokenExpired(): SimReply {
  return jsonReply(401, {
    meta: { status: 401 },
    data: [],
    fail: [
      {
        code: 'token_expired',
        message: 'The access token has expired; request a new one',
        retryable: false,
      },
    ],
  });
}

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
