import type { CommandContext } from '../context.js';
import {
  SECRET_VALUE_NAMES,
  type RawValues,
  type ValueName,
} from '../credentials.js';
import { createHostPolicy, type HostPolicy } from '../values.js';
import {
  mergeValues,
  missingValues,
  readCredentialsStdin,
  valuesFromEnv,
  valuesFromFlags,
  type GatheredValues,
  type ValueSource,
} from './gather-values.js';
import type { ProfileSettings } from '../storage/types.js';
import type { DemoTenant } from './demo.js';
import { loadStoredValues, openStores, type Stores } from './stores.js';

/** Everything a command that talks to Mimecast starts from. */
export interface Session {
  gathered: GatheredValues;
  policy: HostPolicy;
  stores: Stores;
  /** The stored profile's settings; undefined when none is stored. */
  settings: ProfileSettings | undefined;
  /** The built-in simulator, when it stands in for Mimecast and XDR. */
  demo: DemoTenant | undefined;
  /** Stops the simulator, when one was started. */
  close(): Promise<void>;
}

/**
 * Gathers the values a command needs from flags, environment, stdin, the
 * demo tenant and the stored profile, in that order of precedence. The
 * keychain is read only when a secret in `needed` is still missing.
 */
export async function openSession(
  ctx: CommandContext,
  options: Record<string, unknown>,
  needed: readonly ValueName[],
  sessionOptions: { withProfile?: boolean } = {},
): Promise<Session> {
  const demo = options.demo === true;
  const layers: Array<readonly [ValueSource, RawValues]> = [
    ['flag', valuesFromFlags(options)],
    ['environment', valuesFromEnv(ctx.io.env)],
  ];
  if (options.credentialsStdin === true) {
    layers.push(['stdin', await readCredentialsStdin(ctx.io.stdin)]);
  }
  registerSecrets(ctx, layers);

  const extraHosts: string[] = [];
  let close = async () => {};
  let demoTenant: DemoTenant | undefined;
  if (demo) {
    if (!ctx.globals.profileChosen) ctx.globals.profile = 'demo';
    const { startDemo } = await import('./demo.js');
    demoTenant = await startDemo(ctx);
    layers.push(['demo', demoTenant.values]);
    extraHosts.push(demoTenant.hostPort);
    const running = demoTenant;
    close = () => running.close();
  }

  try {
    const stores = openStores(ctx, { demo });
    const partial = mergeValues(layers);
    const needsSecrets = missingValues(partial.values, needed).some((name) =>
      (SECRET_VALUE_NAMES as readonly string[]).includes(name),
    );
    let settings: ProfileSettings | undefined;
    if (sessionOptions.withProfile !== false) {
      const stored = await loadStoredValues(ctx, stores, needsSecrets);
      layers.push(['profile', stored.values]);
      settings = stored.settings;
    }

    return {
      gathered: mergeValues(layers),
      policy: createHostPolicy(ctx.io.env, extraHosts),
      stores,
      settings,
      demo: demoTenant,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function registerSecrets(
  ctx: CommandContext,
  layers: ReadonlyArray<readonly [ValueSource, RawValues]>,
): void {
  for (const [, values] of layers) {
    for (const name of SECRET_VALUE_NAMES) ctx.registerSecret(values[name]);
  }
}
