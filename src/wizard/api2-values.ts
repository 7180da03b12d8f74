import { API2_BASE_URLS } from '../mimecast/hosts.js';
import { checkValue } from '../values.js';
import { askValue } from './ask.js';
import type { WizardState } from './state.js';
import type { WizardContext } from './types.js';

const TYPE_ONE = 'other';

/** Step 1 of API 2.0: the application's Client ID and Client Secret. */
export async function collectApi2Application(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  await askValue(ctx, state, 'clientId');
  await askValue(ctx, state, 'clientSecret');
}

/** How a host of API 2.0 is offered: where it serves, and how. */
export function describeApi2Host(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  if (host.startsWith('uk-')) return 'UK only';
  if (host.startsWith('us-')) return 'US only';
  return 'Global (recommended)';
}

/**
 * Step 3 of API 2.0: the base URL, picked from Mimecast's API 2.0 hosts
 * (global first) or typed. A valid one given this run is offered first.
 */
export async function collectApi2BaseUrl(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  const current = state.values.baseUrl;
  const listed = current !== undefined && API2_BASE_URLS.includes(current);
  const usable =
    current !== undefined &&
    !listed &&
    checkValue('baseUrl', current, ctx.policy, '2.0').ok;
  const choices = API2_BASE_URLS.map((url) => ({
    value: url,
    name: `${describeApi2Host(url)}: ${url}`,
  }));
  if (usable) choices.unshift({ value: current, name: `As given: ${current}` });
  choices.push({ value: TYPE_ONE, name: 'Another base URL (type it)' });

  const choice = await ctx.prompter.select<string>({
    message: 'Which API 2.0 host should XDR use?',
    choices,
    default: listed || usable ? current : API2_BASE_URLS[0],
  });
  if (choice === TYPE_ONE) await askValue(ctx, state, 'baseUrl');
  else state.values.baseUrl = choice;
}
