import { z } from 'zod';

/**
 * Which requests a fault hits. Without `count` it lasts until cleared; with
 * it, it hits that many matching requests and then clears itself. Without
 * `path` it matches every request it can apply to; with it, only requests
 * for exactly that path (which also are the only ones that use up `count`).
 */
export interface FaultScope {
  count?: number;
  path?: string;
}

/** A 429 answer; `resetMs` goes into X-RateLimit-Reset (1000 if absent). */
export interface RateLimitFault extends FaultScope {
  resetMs?: number;
}

/** A delay added before the answer, on top of the global latency. */
export interface SlowFault extends FaultScope {
  ms: number;
}

/** An XDR answer refusing the push (422 and a generic message if absent). */
export interface XdrRejectFault extends FaultScope {
  status?: number;
  message?: string;
}

/**
 * Faults to inject. `true` switches a fault on until cleared with its
 * defaults, `false` or `null` clears it, and an omitted one is left as it
 * is. The Mimecast faults hit `/api/...` paths and the API 2.0 token
 * endpoint `/oauth/token`; the `xdr` ones hit the XDR receiver.
 */
export interface FaultSettings {
  /** Answers as if the application were under 30 minutes old. */
  appNotLive?: FaultScope | boolean | null;
  /** Answers a correctly signed call with 418, keys expired. */
  revokedKeys?: FaultScope | boolean | null;
  /** The API 2.0 token endpoint refuses every client (401). */
  rejectClient?: FaultScope | boolean | null;
  /** Bearer calls are answered 401 token_expired, whatever the token. */
  expireTokens?: FaultScope | boolean | null;
  /** Permissions treated as absent from every user's and app's role. */
  missingPermissions?: string[] | null;
  rateLimit?: RateLimitFault | boolean | null;
  /** A 503 with an HTML page, as a load balancer sends. */
  serviceUnavailableHtml?: FaultScope | boolean | null;
  /** Closes the socket without answering. */
  dropConnection?: FaultScope | boolean | null;
  /** Sends only the first half of the JSON body. */
  truncatedJson?: FaultScope | boolean | null;
  /** Shorthand for `slow: { ms }` on every answer; 0 clears it. */
  slowMs?: number | null;
  slow?: SlowFault | null;
  /** Moves the simulator's clock (its Date header and skew check). */
  clockOffsetMs?: number | null;
  xdrReject?: XdrRejectFault | boolean | null;
  /** A 503 from the XDR receiver. */
  xdrDown?: FaultScope | boolean | null;
  /** Closes the XDR connection without answering. */
  xdrDrop?: FaultScope | boolean | null;
}

interface ScopedParams {
  appNotLive: FaultScope;
  revokedKeys: FaultScope;
  rejectClient: FaultScope;
  expireTokens: FaultScope;
  rateLimit: RateLimitFault;
  serviceUnavailableHtml: FaultScope;
  dropConnection: FaultScope;
  truncatedJson: FaultScope;
  slow: SlowFault;
  xdrReject: XdrRejectFault;
  xdrDown: FaultScope;
  xdrDrop: FaultScope;
}

/** The faults that hit a number of requests or a path. */
export type ScopedFaultName = keyof ScopedParams;

type ActiveFaults = { [K in ScopedFaultName]?: ScopedParams[K] };

const TOGGLE_NAMES = [
  'appNotLive',
  'revokedKeys',
  'rejectClient',
  'expireTokens',
  'rateLimit',
  'serviceUnavailableHtml',
  'dropConnection',
  'truncatedJson',
  'xdrReject',
  'xdrDown',
  'xdrDrop',
] as const satisfies readonly ScopedFaultName[];

/**
 * The faults currently injected into a running simulator. Tests call `set`
 * in-process; the control surface calls it for a separate process.
 */
export class FaultControls {
  private active: ActiveFaults = {};
  private missing: string[] = [];
  private offsetMs = 0;

  /** Adds, replaces or clears the faults named in `settings`. */
  set(settings: FaultSettings): void {
    for (const name of TOGGLE_NAMES) {
      this.applyToggle(name, settings[name]);
    }
    this.applySlow(settings);

    if (settings.missingPermissions !== undefined) {
      this.missing = [...(settings.missingPermissions ?? [])];
    }
    if (settings.clockOffsetMs !== undefined) {
      this.offsetMs = settings.clockOffsetMs ?? 0;
    }
  }

  /** Clears every fault. */
  clear(): void {
    this.active = {};
    this.missing = [];
    this.offsetMs = 0;
  }

  /**
   * Returns the fault's settings when it hits a request for `path`, and
   * counts that request against the fault's `count`.
   */
  take<K extends ScopedFaultName>(
    name: K,
    path: string,
  ): ScopedParams[K] | undefined {
    const fault = this.active[name];
    if (!fault) return undefined;
    if (fault.path !== undefined && fault.path !== path) return undefined;

    if (fault.count !== undefined) {
      fault.count -= 1;
      if (fault.count <= 0) delete this.active[name];
    }
    return fault;
  }

  /** Whether a permission is currently forced to be missing. */
  isPermissionMissing(permission: string): boolean {
    return this.missing.includes(permission);
  }

  /** How far the simulator's clock is moved, in milliseconds. */
  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  /** The faults in force, `count` being what is left of each. */
  snapshot(): FaultSettings {
    const settings: FaultSettings = structuredClone(this.active);
    if (this.missing.length > 0) {
      settings.missingPermissions = [...this.missing];
    }
    if (this.offsetMs !== 0) settings.clockOffsetMs = this.offsetMs;
    return settings;
  }

  private applyToggle<K extends (typeof TOGGLE_NAMES)[number]>(
    name: K,
    value: ScopedParams[K] | boolean | null | undefined,
  ): void {
    if (value === undefined) return;
    if (value === null || value === false) {
      delete this.active[name];
      return;
    }

    const params: FaultScope = value === true ? {} : { ...value };
    if (params.count === 0) delete this.active[name];
    else this.active[name] = params;
  }

  private applySlow(settings: FaultSettings): void {
    if (settings.slowMs !== undefined) {
      const ms = settings.slowMs ?? 0;
      this.active.slow = ms > 0 ? { ms } : undefined;
    }
    if (settings.slow !== undefined) {
      const slow = settings.slow;
      this.active.slow = slow && slow.count !== 0 ? { ...slow } : undefined;
    }
    if (!this.active.slow) delete this.active.slow;
  }
}

const scopeSchema = z.strictObject({
  count: z.number().int().min(0).optional(),
  path: z.string().startsWith('/').optional(),
});

// Booleans become their meaning first, so that an error inside the object
// is reported at its own field rather than as a failed union.
function toggleSchema<T extends z.ZodObject>(schema: T) {
  return z.preprocess(
    (value) => (value === true ? {} : value === false ? null : value),
    schema.nullable().optional(),
  );
}

const faultSettingsSchema = z.strictObject({
  appNotLive: toggleSchema(scopeSchema),
  revokedKeys: toggleSchema(scopeSchema),
  rejectClient: toggleSchema(scopeSchema),
  expireTokens: toggleSchema(scopeSchema),
  missingPermissions: z.array(z.string()).nullable().optional(),
  rateLimit: toggleSchema(
    scopeSchema.extend({ resetMs: z.number().int().min(0).optional() }),
  ),
  serviceUnavailableHtml: toggleSchema(scopeSchema),
  dropConnection: toggleSchema(scopeSchema),
  truncatedJson: toggleSchema(scopeSchema),
  slowMs: z.number().min(0).nullable().optional(),
  slow: scopeSchema.extend({ ms: z.number().min(0) }).nullable().optional(),
  clockOffsetMs: z.number().nullable().optional(),
  xdrReject: toggleSchema(
    scopeSchema.extend({
      status: z.number().int().min(400).max(599).optional(),
      message: z.string().optional(),
    }),
  ),
  xdrDown: toggleSchema(scopeSchema),
  xdrDrop: toggleSchema(scopeSchema),
});

/**
 * Checks fault settings that arrive as JSON on the control surface.
 * Throws an Error naming the first bad field.
 */
export function parseFaultSettings(json: unknown): FaultSettings {
  const parsed = faultSettingsSchema.safeParse(json);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new Error(`Bad fault settings at ${field}: ${issue?.message ?? ''}`);
}
