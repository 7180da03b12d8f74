import { randomBytes } from 'node:crypto';
import { DEMO_TENANT } from './demo-tenant.js';
import { ALL_PERMISSIONS } from './permissions.js';

/** How long a new API 1.0 application takes to go live. */
export const APPLICATION_LIVE_DELAY_MS = 30 * 60_000;

/** An API 1.0 application registered in the simulated tenant. */
export interface SimulatedApplication {
  appId: string;
  appKey: string;
  /** Signed calls and logins fail until 30 minutes after this. */
  createdAt: Date;
}

/** How long an API 2.0 access token lives unless a test says otherwise. */
export const DEFAULT_TOKEN_LIFETIME_MS = 1799 * 1000;

/** An API 2.0 application: its client credentials and its role. */
export interface SimulatedApi2Application {
  clientId: string;
  clientSecret: string;
  /** The permissions of the role chosen when it was created. */
  permissions: Set<string>;
  /** A revoked application gets no token, and its tokens stop working. */
  revoked: boolean;
}

/** Input to SimulatedTenant.addApi2Application. */
export interface SimulatedApi2ApplicationOptions {
  clientId: string;
  clientSecret: string;
  permissions?: Iterable<string>;
  revoked?: boolean;
}

/** A bearer token the token endpoint handed out. */
export interface IssuedToken {
  value: string;
  clientId: string;
  expiresAt: Date;
}

/** One Access Key and Secret Key pair of a user (a "binding"). */
export interface KeyBinding {
  accessKey: string;
  /** Standard base64 of 64 bytes. */
  secretKey: string;
  /** Set by a password change or an explicit revocation. */
  revoked: boolean;
  createdAt: Date;
  /** Absent when the auth profile's TTL is Never Expire. */
  expiresAt?: Date;
}

/** A user of the simulated tenant, such as the XDR service account. */
export interface SimulatedUser {
  email: string;
  password: string;
  /** What discover-authentication reports, e.g. `['Basic-Cloud']`. */
  loginTypes: string[];
  /** The permissions of the user's role, by their console names. */
  permissions: Set<string>;
  keys: KeyBinding[];
  /** Lifetime of keys created by login; absent means Never Expire. */
  keyTtlMs?: number;
}

/** Input to SimulatedTenant.addUser. */
export interface SimulatedUserOptions {
  email: string;
  password: string;
  loginTypes?: string[];
  permissions?: Iterable<string>;
  keys?: { accessKey: string; secretKey: string; revoked?: boolean }[];
  keyTtlMs?: number;
}

/** Input to the SimulatedTenant constructor. */
export interface SimulatedTenantOptions {
  accountCode: string;
  accountName: string;
  /** Short region code, such as `us`. */
  region: string;
  siemLogsAvailable?: boolean;
  /** How many live bindings one user may hold; 10 unless given. */
  bindingLimit?: number;
}

/** A user's binding found by its access key. */
export interface BindingMatch {
  user: SimulatedUser;
  binding: KeyBinding;
}

/** What the control surface shows of the tenant: no secrets. */
export interface TenantSummary {
  accountCode: string;
  accountName: string;
  region: string;
  siemLogsAvailable: boolean;
  applications: { appId: string; createdAt: string }[];
  api2Applications: {
    clientId: string;
    permissions: string[];
    revoked: boolean;
    /** Tokens handed out that have not expired yet. */
    liveTokens: number;
  }[];
  /** The lifetime of new access tokens, in milliseconds. */
  tokenLifetimeMs: number;
  users: {
    email: string;
    loginTypes: string[];
    permissions: string[];
    liveKeys: number;
    /** Revoked or expired keys. */
    unusableKeys: number;
  }[];
}

/**
 * The state of one simulated Mimecast account: its API applications and
 * its users with their roles and keys. Tests change it through the methods
 * below to stage a scenario (revoked keys, a missing permission, ...).
 */
export class SimulatedTenant {
  readonly accountCode: string;
  readonly accountName: string;
  readonly region: string;
  siemLogsAvailable: boolean;
  bindingLimit: number;
  readonly applications: SimulatedApplication[] = [];
  readonly api2Applications: SimulatedApi2Application[] = [];
  readonly users: SimulatedUser[] = [];
  readonly tokens: IssuedToken[] = [];
  tokenLifetimeMs = DEFAULT_TOKEN_LIFETIME_MS;

  constructor(options: SimulatedTenantOptions) {
    this.accountCode = options.accountCode;
    this.accountName = options.accountName;
    this.region = options.region;
    this.siemLogsAvailable = options.siemLogsAvailable ?? true;
    this.bindingLimit = options.bindingLimit ?? 10;
  }

  /** Registers an API application; it is live at once unless dated. */
  addApplication(app: {
    appId: string;
    appKey: string;
    createdAt?: Date;
  }): SimulatedApplication {
    const created = {
      appId: app.appId,
      appKey: app.appKey,
      createdAt: app.createdAt ?? new Date(0),
    };
    this.applications.push(created);
    return created;
  }

  /** Registers an API 2.0 application; no permission unless given. */
  addApi2Application(
    options: SimulatedApi2ApplicationOptions,
  ): SimulatedApi2Application {
    const app = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      permissions: new Set(options.permissions ?? []),
      revoked: options.revoked ?? false,
    };
    this.api2Applications.push(app);
    return app;
  }

  /** The API 2.0 application with this Client ID, if registered. */
  findApi2Application(clientId: string): SimulatedApi2Application | undefined {
    return this.api2Applications.find((app) => app.clientId === clientId);
  }

  /** Replaces the permissions of an API 2.0 application's role. */
  setApi2Permissions(clientId: string, permissions: Iterable<string>): void {
    this.requireApi2Application(clientId).permissions = new Set(permissions);
  }

  /** Revokes an API 2.0 application, as disabling it in the console does. */
  revokeApi2Application(clientId: string): void {
    this.requireApi2Application(clientId).revoked = true;
  }

  /** Sets the lifetime of tokens issued from now on. */
  setTokenLifetime(ms: number): void {
    this.tokenLifetimeMs = ms;
  }

  /** Hands out a new bearer token to an application. */
  issueToken(app: SimulatedApi2Application, now: Date): IssuedToken {
    const token = {
      value: randomBytes(32).toString('base64url'),
      clientId: app.clientId,
      expiresAt: new Date(now.getTime() + this.tokenLifetimeMs),
    };
    this.tokens.push(token);
    return token;
  }

  /** The token with this value, expired or not. */
  findToken(value: string): IssuedToken | undefined {
    return this.tokens.find((token) => token.value === value);
  }

  /** Makes every token handed out so far expire at `now`. */
  expireTokens(now: Date): void {
    for (const token of this.tokens) token.expiresAt = now;
  }

  /** Adds a user; it holds no permission and no key unless given. */
  addUser(options: SimulatedUserOptions): SimulatedUser {
    const user: SimulatedUser = {
      email: options.email,
      password: options.password,
      loginTypes: options.loginTypes ?? ['Basic-Cloud'],
      permissions: new Set(options.permissions ?? []),
      keys: (options.keys ?? []).map((key) => ({
        accessKey: key.accessKey,
        secretKey: key.secretKey,
        revoked: key.revoked ?? false,
        createdAt: new Date(0),
      })),
    };
    if (options.keyTtlMs !== undefined) user.keyTtlMs = options.keyTtlMs;

    this.users.push(user);
    return user;
  }

  /** The application with this id, if registered. */
  findApplication(appId: string): SimulatedApplication | undefined {
    return this.applications.find((app) => app.appId === appId);
  }

  /** The user with this address, compared without case. */
  findUser(email: string): SimulatedUser | undefined {
    const wanted = email.toLowerCase();
    return this.users.find((user) => user.email.toLowerCase() === wanted);
  }

  /** The binding that owns this access key, revoked or not. */
  findBinding(accessKey: string): BindingMatch | undefined {
    for (const user of this.users) {
      const binding = user.keys.find((key) => key.accessKey === accessKey);
      if (binding) return { user, binding };
    }
    return undefined;
  }

  /** Dates an application, e.g. to a minute ago to make it not live. */
  setApplicationCreatedAt(appId: string, createdAt: Date): void {
    this.requireApplication(appId).createdAt = createdAt;
  }

  /** Replaces the permissions of a user's role. */
  setPermissions(email: string, permissions: Iterable<string>): void {
    this.requireUser(email).permissions = new Set(permissions);
  }

  /** Takes one permission out of a user's role. */
  removePermission(email: string, permission: string): void {
    this.requireUser(email).permissions.delete(permission);
  }

  /** Adds one permission to a user's role. */
  grantPermission(email: string, permission: string): void {
    this.requireUser(email).permissions.add(permission);
  }

  /** Changes which login types discovery reports and login accepts. */
  setLoginTypes(email: string, loginTypes: string[]): void {
    this.requireUser(email).loginTypes = [...loginTypes];
  }

  /** Revokes every key of one user, or of every user when none is named. */
  revokeKeys(email?: string): void {
    const users = email === undefined ? this.users : [this.requireUser(email)];
    for (const user of users) {
      for (const key of user.keys) key.revoked = true;
    }
  }

  /** Changes a password; like the real service, this revokes the keys. */
  changePassword(email: string, password: string): void {
    this.requireUser(email).password = password;
    this.revokeKeys(email);
  }

  /** Switches whether the SIEM endpoint has log files to hand out. */
  setSiemLogsAvailable(available: boolean): void {
    this.siemLogsAvailable = available;
  }

  /**
   * Creates a new binding for a user, as a login does. Returns undefined
   * when the user already holds as many live bindings as allowed.
   */
  createBinding(email: string, now: Date): KeyBinding | undefined {
    const user = this.requireUser(email);
    const live = user.keys.filter((key) => isBindingLive(key, now));
    if (live.length >= this.bindingLimit) return undefined;

    const binding: KeyBinding = {
      accessKey: randomBytes(52).toString('base64url'),
      secretKey: randomBytes(64).toString('base64'),
      revoked: false,
      createdAt: now,
    };
    if (user.keyTtlMs !== undefined) {
      binding.expiresAt = new Date(now.getTime() + user.keyTtlMs);
    }
    user.keys.push(binding);
    return binding;
  }

  /** Restarts a binding's lifetime, as a login naming its key does. */
  refreshBinding(user: SimulatedUser, binding: KeyBinding, now: Date): void {
    if (user.keyTtlMs !== undefined) {
      binding.expiresAt = new Date(now.getTime() + user.keyTtlMs);
    }
  }

  /** The tenant as the control surface shows it, without any secret. */
  summarize(now: Date): TenantSummary {
    return {
      accountCode: this.accountCode,
      accountName: this.accountName,
      region: this.region,
      siemLogsAvailable: this.siemLogsAvailable,
      applications: this.applications.map((app) => ({
        appId: app.appId,
        createdAt: app.createdAt.toISOString(),
      })),
      api2Applications: this.api2Applications.map((app) => ({
        clientId: app.clientId,
        permissions: [...app.permissions],
        revoked: app.revoked,
        liveTokens: this.tokens.filter(
          (token) =>
            token.clientId === app.clientId && isTokenLive(token, now),
        ).length,
      })),
      tokenLifetimeMs: this.tokenLifetimeMs,
      users: this.users.map((user) => summarizeUser(user, now)),
    };
  }

  private requireApi2Application(clientId: string): SimulatedApi2Application {
    const app = this.findApi2Application(clientId);
    if (app) return app;
    throw new Error(`The simulated tenant has no API 2.0 client ${clientId}`);
  }

  private requireApplication(appId: string): SimulatedApplication {
    const app = this.findApplication(appId);
    if (app) return app;
    throw new Error(`The simulated tenant has no application ${appId}`);
  }

  private requireUser(email: string): SimulatedUser {
    const user = this.findUser(email);
    if (user) return user;
    throw new Error(`The simulated tenant has no user ${email}`);
  }
}

/** Whether a binding can still sign calls at this moment. */
export function isBindingLive(binding: KeyBinding, now: Date): boolean {
  if (binding.revoked) return false;
  return !binding.expiresAt || binding.expiresAt.getTime() > now.getTime();
}

/** Whether a bearer token is still inside its lifetime. */
export function isTokenLive(token: IssuedToken, now: Date): boolean {
  return token.expiresAt.getTime() > now.getTime();
}

/** Whether an application has been around long enough to answer. */
export function isApplicationLive(
  app: SimulatedApplication,
  now: Date,
): boolean {
  return now.getTime() - app.createdAt.getTime() >= APPLICATION_LIVE_DELAY_MS;
}

/**
 * The tenant `--demo` runs against: the demo API 1.0 application, created
 * a day before `now`, the service account with every permission and the
 * demo keys, and the demo API 2.0 application with every permission.
 */
export function createDemoTenant(now: Date = new Date()): SimulatedTenant {
  const tenant = new SimulatedTenant({
    accountCode: DEMO_TENANT.accountCode,
    accountName: DEMO_TENANT.accountName,
    region: DEMO_TENANT.region,
  });
  tenant.addApplication({
    appId: DEMO_TENANT.appId,
    appKey: DEMO_TENANT.appKey,
    createdAt: new Date(now.getTime() - 24 * 60 * 60_000),
  });
  tenant.addUser({
    ...DEMO_TENANT.serviceAccount,
    loginTypes: ['Basic-Cloud'],
    permissions: ALL_PERMISSIONS,
    keys: [
      { accessKey: DEMO_TENANT.accessKey, secretKey: DEMO_TENANT.secretKey },
    ],
  });
  tenant.addApi2Application({
    clientId: DEMO_TENANT.clientId,
    clientSecret: DEMO_TENANT.clientSecret,
    permissions: ALL_PERMISSIONS,
  });
  return tenant;
}

function summarizeUser(user: SimulatedUser, now: Date) {
  const live = user.keys.filter((key) => isBindingLive(key, now)).length;
  return {
    email: user.email,
    loginTypes: [...user.loginTypes],
    permissions: [...user.permissions],
    liveKeys: live,
    unusableKeys: user.keys.length - live,
  };
}
