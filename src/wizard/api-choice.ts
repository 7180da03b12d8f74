import type { ApiVersion } from '../credentials.js';
import { inferApiVersion } from '../values.js';
import { holdsApi1Setup, type StoredProfile } from './state.js';
import { writeWrapped } from './text.js';
import type { WizardContext } from './types.js';

/**
 * The API a profile's setup most likely uses: the one whose values were
 * given this run, else the stored profile's, else 2.0, which is the only
 * API a new Mimecast application can have.
 */
export function suggestApi(
  ctx: WizardContext,
  profile: StoredProfile,
): ApiVersion {
  const given = inferApiVersion(ctx.known);
  if (given !== undefined) return given;
  if (profile.settings.apiVersion !== undefined) {
    return profile.settings.apiVersion;
  }
  return holdsApi1Setup(profile) ? '1.0' : '2.0';
}

/**
 * Asks which Mimecast API the tenant uses, unless `--api` said so. The
 * suggestion is the default, so Enter keeps what the values point to.
 */
export async function chooseApi(
  ctx: WizardContext,
  profile: StoredProfile,
): Promise<ApiVersion> {
  if (ctx.api !== undefined) {
    ctx.output.line(`Using API ${ctx.api}, as --api asks.`);
    return ctx.api;
  }

  ctx.output.line();
  writeWrapped(
    ctx.output,
    'Mimecast stopped offering new API 1.0 applications at the end of ' +
      'June 2025 and will expire the existing ones later, so a new setup ' +
      'should use API 2.0.',
  );
  if (holdsApi1Setup(profile)) {
    writeWrapped(
      ctx.output,
      'This profile holds API 1.0 values. Choosing API 2.0 keeps them ' +
        'working until the new values pass the check.',
    );
  }

  return ctx.prompter.select<ApiVersion>({
    message: 'Which Mimecast API does this tenant use?',
    choices: [
      {
        value: '2.0',
        name: 'API 2.0: Client ID and Client Secret (recommended)',
      },
      { value: '1.0', name: 'API 1.0: an existing application and its keys' },
    ],
    default: suggestApi(ctx, profile),
  });
}
