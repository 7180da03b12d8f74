/** The role permission the auth check's endpoint needs; XDR does not. */
export const DASHBOARD_PERMISSION = 'Accounts | Dashboard | Read';

/**
 * The six read permissions Barracuda XDR needs, spelled the way the
 * simulated role stores them.
 */
export const XDR_PERMISSIONS = [
  'Account | Logs | Read',
  'Monitoring | Data Leak Prevention | Read',
  'Monitoring | Attachment Protection | Read',
  'Monitoring | Impersonation Protection | Read',
  'Monitoring | URL Protection | Read',
  'Gateway | Tracking | Read',
] as const;

/** Every permission a simulated endpoint checks. */
export const ALL_PERMISSIONS: readonly string[] = [
  DASHBOARD_PERMISSION,
  ...XDR_PERMISSIONS,
];
