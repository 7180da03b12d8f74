import type { CommandContext } from '../context.js';
import type { RawValues } from '../credentials.js';
import { DEMO_TENANT, startSimulator } from '../simulator/index.js';

/** The running demo tenant and the values that reach it. */
export interface DemoTenant {
  values: RawValues;
  /** The simulator's `host:port`, to be let through the host policy. */
  hostPort: string;
  /** Stands in for api.mimecast.com when discovering the base URL. */
  discoveryUrl: string;
  email: string;
  password: string;
  close(): Promise<void>;
}

/**
 * Starts the built-in simulator on loopback for `--demo`. Its values are
 * public fixtures, yet they are redacted like any other secret so the demo
 * shows what a real run would.
 */
export async function startDemo(ctx: CommandContext): Promise<DemoTenant> {
  const simulator = await startSimulator();
  const values: RawValues = {
    appId: DEMO_TENANT.appId,
    appKey: DEMO_TENANT.appKey,
    accessKey: DEMO_TENANT.accessKey,
    secretKey: DEMO_TENANT.secretKey,
    clientId: DEMO_TENANT.clientId,
    clientSecret: DEMO_TENANT.clientSecret,
    baseUrl: simulator.url,
    xdrEndpoint: simulator.xdr.endpoint,
    xdrToken: simulator.xdr.token,
  };
  for (const secret of [values.appKey, values.accessKey, values.secretKey,
    values.clientSecret, values.xdrToken, DEMO_TENANT.serviceAccount.password]) {
    ctx.registerSecret(secret);
  }

  ctx.output.line(
    ctx.output.style.dim(`Demo: a simulated tenant runs at ${simulator.url}.`),
  );
  return {
    values,
    hostPort: simulator.hostPort,
    discoveryUrl: simulator.url,
    email: DEMO_TENANT.serviceAccount.email,
    password: DEMO_TENANT.serviceAccount.password,
    close: () => simulator.close(),
  };
}
