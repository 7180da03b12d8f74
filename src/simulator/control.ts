import { z } from 'zod';
import { parseFaultSettings } from './faults.js';
import type { FaultControls } from './faults.js';
import { jsonReply, parseJsonBody } from './reply.js';
import type { SimReply, SimRequest } from './reply.js';
import type { RecordedRequest } from './request-log.js';
import type { SimulatedTenant } from './tenant.js';
import type { RecordedPush } from './xdr-receiver.js';

/** Paths under this prefix steer the simulator instead of simulating. */
export const CONTROL_PREFIX = '/__sim/';

/** What the control surface can see and change. */
export interface ControlState {
  tenant: SimulatedTenant;
  faults: FaultControls;
  requests: RecordedRequest[];
  pushes: RecordedPush[];
  now(): Date;
}

const tenantActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('revokeKeys'), email: z.string().optional() }),
  z.object({
    action: z.literal('changePassword'),
    email: z.string(),
    password: z.string(),
  }),
  z.object({
    action: z.literal('setPermissions'),
    email: z.string(),
    permissions: z.array(z.string()),
  }),
  z.object({
    action: z.enum(['removePermission', 'grantPermission']),
    email: z.string(),
    permission: z.string(),
  }),
  z.object({
    action: z.literal('setLoginTypes'),
    email: z.string(),
    loginTypes: z.array(z.string()),
  }),
  z.object({
    action: z.literal('setApplicationCreatedAt'),
    appId: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  }),
  z.object({
    action: z.literal('setSiemLogsAvailable'),
    available: z.boolean(),
  }),
  z.object({
    action: z.literal('addUser'),
    email: z.string(),
    password: z.string(),
    loginTypes: z.array(z.string()).optional(),
    permissions: z.array(z.string()).optional(),
  }),
  z.object({
    action: z.literal('addApi2Application'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    permissions: z.array(z.string()).optional(),
    revoked: z.boolean().optional(),
  }),
  z.object({
    action: z.literal('setApi2Permissions'),
    clientId: z.string(),
    permissions: z.array(z.string()),
  }),
  z.object({
    action: z.literal('revokeApi2Application'),
    clientId: z.string(),
  }),
  z.object({
    action: z.literal('setTokenLifetime'),
    ms: z.number().int().min(0),
  }),
  z.object({ action: z.literal('expireTokens') }),
]);

/** A change to the tenant, as POST /__sim/tenant takes it. */
export type TenantAction = z.infer<typeof tenantActionSchema>;

type ControlRoute = (request: SimRequest, state: ControlState) => SimReply;

const ROUTES: Record<string, ControlRoute> = {
  'GET faults': (_request, state) => jsonReply(200, state.faults.snapshot()),
  'POST faults': (request, state) => {
    state.faults.set(parseFaultSettings(parseJsonBody(request.body) ?? {}));
    return jsonReply(200, state.faults.snapshot());
  },
  'DELETE faults': (_request, state) => {
    state.faults.clear();
    return jsonReply(200, {});
  },
  'GET requests': (_request, state) => jsonReply(200, state.requests),
  'DELETE requests': (_request, state) => {
    state.requests.splice(0);
    return jsonReply(200, []);
  },
  'GET pushes': (_request, state) => jsonReply(200, state.pushes),
  'DELETE pushes': (_request, state) => {
    state.pushes.splice(0);
    return jsonReply(200, []);
  },
  'GET tenant': (_request, state) =>
    jsonReply(200, state.tenant.summarize(state.now())),
  'POST tenant': (request, state) => {
    const action = readTenantAction(request.body);
    applyTenantAction(state.tenant, action, state.now());
    return jsonReply(200, state.tenant.summarize(state.now()));
  },
};

/**
 * Answers a request under /__sim/. Bad input gets a 400 with the reason;
 * an unknown route a 404.
 */
export function handleControl(
  request: SimRequest,
  state: ControlState,
): SimReply {
  const name = request.path.slice(CONTROL_PREFIX.length);
  const route = ROUTES[`${request.method} ${name}`];
  if (!route) return jsonReply(404, { error: 'No such control route' });

  try {
    return route(request, state);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return jsonReply(400, { error: message });
  }
}

/**
 * Applies one TenantAction to the tenant; `now` is the simulator's clock,
 * which `expireTokens` expires the tokens at.
 */
export function applyTenantAction(
  tenant: SimulatedTenant,
  action: TenantAction,
  now: Date = new Date(),
): void {
  if (applyApi2Action(tenant, action, now)) return;

  switch (action.action) {
    case 'revokeKeys':
      return tenant.revokeKeys(action.email);
    case 'changePassword':
      return tenant.changePassword(action.email, action.password);
    case 'setPermissions':
      return tenant.setPermissions(action.email, action.permissions);
    case 'removePermission':
      return tenant.removePermission(action.email, action.permission);
    case 'grantPermission':
      return tenant.grantPermission(action.email, action.permission);
    case 'setLoginTypes':
      return tenant.setLoginTypes(action.email, action.loginTypes);
    case 'setApplicationCreatedAt':
      return tenant.setApplicationCreatedAt(
        action.appId,
        new Date(action.createdAt),
      );
    case 'setSiemLogsAvailable':
      return tenant.setSiemLogsAvailable(action.available);
    case 'addUser':
      tenant.addUser(action);
  }
}

/** Applies an action about API 2.0; false when it is not one. */
function applyApi2Action(
  tenant: SimulatedTenant,
  action: TenantAction,
  now: Date,
): boolean {
  switch (action.action) {
    case 'addApi2Application':
      tenant.addApi2Application(action);
      return true;
    case 'setApi2Permissions':
      tenant.setApi2Permissions(action.clientId, action.permissions);
      return true;
    case 'revokeApi2Application':
      tenant.revokeApi2Application(action.clientId);
      return true;
    case 'setTokenLifetime':
      tenant.setTokenLifetime(action.ms);
      return true;
    case 'expireTokens':
      tenant.expireTokens(now);
      return true;
    default:
      return false;
  }
}

function readTenantAction(body: Buffer): TenantAction {
  const parsed = tenantActionSchema.safeParse(parseJsonBody(body));
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'action';
  throw new Error(`Bad tenant action at ${field}: ${issue?.message ?? ''}`);
}
