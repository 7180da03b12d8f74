import { dataReply, failReply, headerValue, parseJsonBody } from './reply.js';
import type { SimContext, SimReply, SimRequest } from './reply.js';
import { isBindingLive } from './tenant.js';
import type { KeyBinding, SimulatedUser } from './tenant.js';
import { checkApplication, checkRequestDate, invalidAppId } from './verify.js';

/** The unsigned call that finds a user's region and login types. */
export const DISCOVER_PATH = '/api/login/discover-authentication';

/** The call that creates (or refreshes) a user's keys. */
export const LOGIN_PATH = '/api/login/login';

const LOGIN_FAILED = {
  code: 'err_login_invalid',
  message: 'The user name or password is not valid',
};

/**
 * Answers discover-authentication: a known address gets the simulator as
 * its regional API host and its login types; an unknown one no region.
 */
export function handleDiscover(
  request: SimRequest,
  context: SimContext,
): SimReply {
  const dateFailure = checkRequestDate(request, context);
  if (dateFailure) return dateFailure;

  const appId = headerValue(request.headers, 'x-mc-app-id') ?? '';
  if (!context.tenant.findApplication(appId)) {
    return invalidAppId('unknown application');
  }

  const emailAddress = readItem(request.body).emailAddress;
  if (typeof emailAddress !== 'string' || emailAddress === '') {
    return missingField('emailAddress');
  }

  const user = context.tenant.findUser(emailAddress);
  if (!user) return dataReply([{ emailAddress, authenticate: [] }]);
  const region = { api: context.url, code: context.tenant.region };
  return dataReply([
    { emailAddress, region, authenticate: [...user.loginTypes] },
  ]);
}

/**
 * Answers login: checks the application, the password and the login type,
 * then creates a binding, or refreshes the one named by `accessKey`.
 */
export function handleLogin(
  request: SimRequest,
  context: SimContext,
): SimReply {
  const dateFailure = checkRequestDate(request, context);
  if (dateFailure) return dateFailure;

  const application = checkApplication(request, context);
  if ('reply' in application) return application.reply;

  const login = authenticateUser(request, context);
  if ('reply' in login) return login.reply;

  const item = readItem(request.body);
  const userName = typeof item.userName === 'string' ? item.userName : '';
  if (userName.toLowerCase() !== login.user.email.toLowerCase()) {
    return missingField('userName');
  }
  return typeof item.accessKey === 'string'
    ? refreshKeys(login.user, item.accessKey, context)
    : createKeys(login.user, context);
}

function authenticateUser(
  request: SimRequest,
  context: SimContext,
): { user: SimulatedUser } | { reply: SimReply } {
  const authorization = headerValue(request.headers, 'authorization') ?? '';
  const parsed = /^(Basic-Cloud|Basic-AD) ([A-Za-z0-9+/=]+)$/.exec(
    authorization,
  );
  if (!parsed) return { reply: failReply(401, LOGIN_FAILED) };

  const [, loginType = '', encoded = ''] = parsed;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = context.tenant.findUser(decoded.slice(0, Math.max(colon, 0)));
  if (!user || colon < 0 || user.password !== decoded.slice(colon + 1)) {
    return { reply: failReply(401, LOGIN_FAILED) };
  }

  if (!user.loginTypes.includes(loginType)) {
    const message = `This account does not accept ${loginType} logins`;
    return {
      reply: failReply(401, { code: 'err_login_type_not_allowed', message }),
    };
  }
  return { user };
}

function createKeys(user: SimulatedUser, context: SimContext): SimReply {
  const binding = context.tenant.createBinding(user.email, context.now());
  if (!binding) {
    return failReply(200, {
      code: 'err_binding_limit_exceeded',
      message: 'This user already holds the maximum number of key bindings',
    });
  }
  return keysReply(user, binding);
}

function refreshKeys(
  user: SimulatedUser,
  accessKey: string,
  context: SimContext,
): SimReply {
  const now = context.now();
  const binding = user.keys.find((key) => key.accessKey === accessKey);
  if (!binding || !isBindingLive(binding, now)) {
    return failReply(418, {
      code: 'err_xdk_binding_expired',
      message: 'AccessKey Has Expired',
    });
  }

  context.tenant.refreshBinding(user, binding, now);
  return keysReply(user, binding);
}

function keysReply(user: SimulatedUser, binding: KeyBinding): SimReply {
  const item: Record<string, unknown> = {
    userName: user.email,
    accessKey: binding.accessKey,
    secretKey: binding.secretKey,
    bindingType: 'one_step',
  };
  if (user.keyTtlMs !== undefined) item.duration = user.keyTtlMs;
  return dataReply([item]);
}

function readItem(body: Buffer): Record<string, unknown> {
  const json = parseJsonBody(body) as { data?: unknown } | undefined;
  const item: unknown = Array.isArray(json?.data) ? json.data[0] : undefined;
  return typeof item === 'object' && item !== null
    ? (item as Record<string, unknown>)
    : {};
}

function missingField(field: string): SimReply {
  return failReply(400, {
    code: 'err_validation_missing',
    message: `data[0].${field} is missing or does not match`,
  });
}
