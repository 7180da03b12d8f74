import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import {
  ensurePrivateDir,
  queueFileUpdate,
  writeFileAtomic,
} from './atomic-write.js';
import type {
  ConfigFile,
  ConfigStore,
  ProfileSettings,
} from './types.js';

/** The name of the settings file inside the config folder. */
export const CONFIG_FILE_NAME = 'config.json';

const PROFILE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

// `__proto__` fits the pattern but cannot be a plain object's key safely.
const RESERVED_PROFILE_NAMES = new Set(['__proto__']);

const SECRET_LOOKING_KEY = /password|secret|token|^appKey$|^accessKey$/i;

/** A profile name as it may appear in config.json and the keychain. */
export const profileNameSchema = z
  .string()
  .regex(PROFILE_NAME_PATTERN)
  .refine((name) => !RESERVED_PROFILE_NAMES.has(name));

const lastTestSchema = z.looseObject({
  ok: z.boolean(),
  at: z.string(),
  code: z.custom<ErrorCode>((value) => typeof value === 'string').optional(),
});

const setupSchema = z.looseObject({
  completedSteps: z.array(z.number().int()),
  skippedSteps: z.array(z.number().int()),
  applicationCreatedAt: z.string().optional(),
  serviceAccountEmail: z.string().optional(),
  updatedAt: z.string(),
});

const profileSchema = z.looseObject({
  apiVersion: z.enum(['1.0', '2.0']).optional(),
  appId: z.string().optional(),
  clientId: z.string().optional(),
  baseUrl: z.string().optional(),
  xdrEndpoint: z.string().optional(),
  keysStoredAt: z.string().optional(),
  keysVerified: z.boolean().optional(),
  lastTest: lastTestSchema.optional(),
  setup: setupSchema.optional(),
});

const configFileSchema = z.looseObject({
  version: z.literal(1),
  profiles: z.record(profileNameSchema, profileSchema),
});

/**
 * Checks a profile name: 1 to 64 letters, digits, dots, underscores or
 * hyphens. Throws `invalid_value` for the `profile` field otherwise.
 */
export function parseProfileName(name: string): string {
  if (profileNameSchema.safeParse(name).success) return name;

  const shown = JSON.stringify(name.slice(0, 70));
  throw new CliError({
    code: 'invalid_value',
    field: 'profile',
    message: `The profile name ${shown} is not valid: use 1 to 64 letters, digits, dots, underscores or hyphens.`,
    hint: 'Pick a name such as "default" or "prod-eu" with --profile or MIMECAST_XDR_PROFILE.',
  });
}

/** What `readJsonFile` says about the file in its errors. */
export interface ReadJsonFileOptions {
  /** How the file is named for a person, such as "The config file". */
  label: string;
}

/**
 * Reads and validates a JSON file; undefined when it does not exist. A file
 * that is not JSON or not of the expected shape is `config_corrupt`. The
 * message names the path and the faulty field, never the file's content.
 */
export async function readJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
  options: ReadJsonFileOptions,
): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    if (isMissingFile(error)) return undefined;
    throw error;
  });
  if (text === undefined) return undefined;

  const data = parseJson(text);
  if (data === NOT_JSON || data === RESERVED_KEY) {
    const problem =
      data === NOT_JSON ? 'it is not valid JSON' : 'it uses the key __proto__';
    throw corruptFileError(path, options.label, problem);
  }

  const result = schema.safeParse(data);
  if (result.success) return result.data;

  throw corruptFileError(path, options.label, describeIssue(result.error));
}

/**
 * Opens the settings in `<dir>/config.json`. The folder is created 0700 on
 * the first write, the file is written 0600 and atomically, and a corrupt
 * file is reported, never replaced.
 */
export function createConfigStore(dir: string): ConfigStore {
  const path = join(dir, CONFIG_FILE_NAME);

  const load = async (): Promise<ConfigFile> => {
    const file = await readJsonFile(path, configFileSchema, {
      label: 'The config file',
    });
    return file ?? { version: 1, profiles: {} };
  };

  const save = async (config: ConfigFile): Promise<void> => {
    await ensurePrivateDir(dir);
    await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`);
  };

  return {
    path,
    load,
    getProfile: async (name) => findProfile(await load(), name),
    updateProfile: async (name, changes) => {
      parseProfileName(name);
      refuseSecretKeys(changes);
      return queueFileUpdate(path, async () => {
        const config = await load();
        const profile = mergeProfile(findProfile(config, name), changes);
        config.profiles[name] = profile;
        await save(config);
        return profile;
      });
    },
    removeProfile: (name) =>
      queueFileUpdate(path, async () => {
        const config = await load();
        if (!Object.hasOwn(config.profiles, name)) return false;

        delete config.profiles[name];
        await save(config);
        return true;
      }),
  };
}

function findProfile(
  config: ConfigFile,
  name: string,
): ProfileSettings | undefined {
  if (!Object.hasOwn(config.profiles, name)) return undefined;
  return config.profiles[name];
}

// A change set to undefined removes that setting.
function mergeProfile(
  current: ProfileSettings | undefined,
  changes: Partial<ProfileSettings>,
): ProfileSettings {
  const merged: Record<string, unknown> = { ...current, ...changes };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[key];
  }

  const result = profileSchema.safeParse(merged);
  if (result.success) return result.data;

  throw new CliError({
    code: 'internal_error',
    message: `A profile change does not fit config.json (${describeIssue(result.error)}).`,
    hint: 'This is a bug in mimecast-xdr; please report it.',
  });
}

// config.json is read by anyone who can read the folder and is often backed
// up; a secret must never land there, even through a caller's mistake.
function refuseSecretKeys(value: unknown, where = ''): void {
  if (typeof value !== 'object' || value === null) return;

  for (const [key, inner] of Object.entries(value)) {
    const field = where === '' ? key : `${where}.${key}`;
    if (SECRET_LOOKING_KEY.test(key)) throw secretFieldError(field);
    refuseSecretKeys(inner, field);
  }
}

function secretFieldError(field: string): CliError {
  return new CliError({
    code: 'internal_error',
    message: `Refused to write the field "${field}" to config.json: secrets belong in the keychain.`,
    hint: 'This is a bug in mimecast-xdr; please report it.',
  });
}

function corruptFileError(
  path: string,
  label: string,
  problem: string,
): CliError {
  return new CliError({
    code: 'config_corrupt',
    message: `${label} ${path} cannot be used: ${problem}.`,
    hint: 'Fix the file, or move it aside to start afresh; mimecast-xdr never overwrites it.',
  });
}

const NOT_JSON = Symbol('not JSON');
const RESERVED_KEY = Symbol('reserved key');

// JSON.parse's own message quotes the text around the fault, which could be
// a secret in credentials.json, so only the fact is kept. A `__proto__` key
// would turn into the object's prototype once copied, so it is refused.
function parseJson(text: string): unknown {
  let reserved = false;
  try {
    const data = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') reserved = true;
      return value;
    }) as unknown;
    return reserved ? RESERVED_KEY : data;
  } catch {
    return NOT_JSON;
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'it is not valid';

  const field = issue.path.map(String).join('.');
  const detail =
    issue.code === 'invalid_key' ? 'not a valid profile name' : issue.message;
  return field === '' ? detail : `${field}: ${detail}`;
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
