import type { ApiVersion } from '../credentials.js';
import { CliError } from '../errors.js';
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
  const chosen = await askApi(ctx, profile);
  if (chosen === '1.0' && profile.settings.apiVersion === '2.0') {
    throw noMoveBack(ctx.profile);
  }
  return chosen;
}

/**
 * A profile on API 2.0 stays there: walking 1.0 over it would mix the two
 * APIs' values in one profile, and 1.0 is on its way out.
 */
function noMoveBack(profile: string): CliError {
  return new CliError({
    code: 'invalid_value',
    field: 'api',
    message: `Profile "${profile}" already uses API 2.0; setup does not move a profile back to API 1.0.`,
    hint: 'Keep API 2.0, or set up API 1.0 in a profile of its own: `mimecast-xdr setup --profile <new name> --api 1`.',
  });
}

async function askApi(
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
