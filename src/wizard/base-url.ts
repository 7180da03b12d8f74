import { REGIONAL_HOSTS } from '../mimecast/hosts.js';
import { checkValue } from '../values.js';
import { askValue, withSpinner, writeFailure } from './ask.js';
import type { WizardState } from './state.js';
import type { DiscoveredAccount, WizardContext } from './types.js';

const TYPE_ONE = 'other';

/**
 * Step 9's value: the base URL. Mimecast is asked first, from the service
 * account's address; otherwise the admin picks a region or types a URL.
 */
export async function collectBaseUrl(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  const found = await discover(ctx, state);
  const baseUrl = found?.baseUrl;
  if (baseUrl !== undefined) {
    const used = await confirmFound(ctx, state, baseUrl, found?.region);
    if (used) return;
  }

  await pickBaseUrl(ctx, state);
}

async function discover(
  ctx: WizardContext,
  state: WizardState,
): Promise<DiscoveredAccount | undefined> {
  const { appId, email } = state.values;
  if (appId === undefined || email === undefined) {
    ctx.output.line(
      'Without the Application ID and the service account\'s address, ' +
        'Mimecast cannot be asked: pick the region instead.',
    );
    return undefined;
  }

  try {
    const ask = () => ctx.services.discoverBaseUrl(email, appId);
    return await withSpinner(ctx, `Asking Mimecast where ${email} lives`, ask);
  } catch (error) {
    writeFailure(ctx, error);
    return undefined;
  }
}

async function confirmFound(
  ctx: WizardContext,
  state: WizardState,
  baseUrl: string,
  region: string | undefined,
): Promise<boolean> {
  const checked = checkValue('baseUrl', baseUrl, ctx.policy, '1.0');
  if (!checked.ok) {
    ctx.output.warn(checked.message);
    return false;
  }

  const where = region === undefined ? '' : ` (region ${region})`;
  ctx.output.line(
    `Mimecast says the account lives at ${checked.value}${where}.`,
  );
  const use = await ctx.prompter.confirm({
    message: `Use ${checked.value} as the base URL?`,
    default: true,
  });
  if (use) state.values.baseUrl = checked.value;
  return use;
}

async function pickBaseUrl(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  const current = state.values.baseUrl;
  const listed = REGIONAL_HOSTS.some((host) => host.baseUrl === current);
  const choice = await ctx.prompter.select<string>({
    message: 'Which region hosts the tenant?',
    choices: [
      ...REGIONAL_HOSTS.map((host) => ({
        value: host.baseUrl,
        name: `${host.label}: ${host.baseUrl}`,
      })),
      { value: TYPE_ONE, name: 'Another base URL (type it)' },
    ],
    default: listed || current === undefined ? current : TYPE_ONE,
  });

  if (choice === TYPE_ONE) await askValue(ctx, state, 'baseUrl');
  else state.values.baseUrl = choice;
}
