export { DEMO_TENANT } from './demo-tenant.js';
export type { DemoTenant } from './demo-tenant.js';
export { FaultControls, parseFaultSettings } from './faults.js';
export type {
  FaultScope,
  FaultSettings,
  RateLimitFault,
  SlowFault,
  XdrRejectFault,
} from './faults.js';
export {
  ALL_PERMISSIONS,
  DASHBOARD_PERMISSION,
  XDR_PERMISSIONS,
} from './permissions.js';
export type { RecordedRequest } from './request-log.js';
export { startSimulator } from './server.js';
export type { RunningSimulator, SimulatorOptions } from './server.js';
export { TOKEN_PATH } from './oauth-routes.js';
export {
  APPLICATION_LIVE_DELAY_MS,
  createDemoTenant,
  DEFAULT_TOKEN_LIFETIME_MS,
  SimulatedTenant,
} from './tenant.js';
export type {
  IssuedToken,
  KeyBinding,
  SimulatedApi2Application,
  SimulatedApi2ApplicationOptions,
  SimulatedApplication,
  SimulatedTenantOptions,
  SimulatedUser,
  SimulatedUserOptions,
  TenantSummary,
} from './tenant.js';
export { CLOCK_SKEW_LIMIT_MS } from './verify.js';
export { XDR_PATH } from './xdr-receiver.js';
export type { RecordedPush, XdrPushBody } from './xdr-receiver.js';
export type { TenantAction } from './control.js';
