import type { CommandContext } from '../context.js';
import { DISCOVERY_URL } from '../mimecast/hosts.js';
import { parseDiscoveryUrl } from '../values.js';
import type { Session } from './session.js';

/**
 * The host that answers discover-authentication: the demo's simulator,
 * MIMECAST_DISCOVERY_URL (checked like a base URL), or Mimecast's own.
 */
export function discoveryUrlFor(ctx: CommandContext, session: Session): string {
  if (session.demo) return session.demo.discoveryUrl;
  const fromEnv = ctx.io.env.MIMECAST_DISCOVERY_URL;
  return fromEnv ? parseDiscoveryUrl(fromEnv, session.policy) : DISCOVERY_URL;
}
