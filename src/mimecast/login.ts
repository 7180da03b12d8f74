import { z } from 'zod';
import { CliError } from '../errors.js';
import type { DebugLog } from '../terminal/debug-log.js';
import { classifyResponse } from './classify.js';
import type { ResponseFacts } from './classify.js';
import { MimecastTransport } from './client.js';
import { unsignedHeaders } from './discovery.js';

/** The login call's path, on the account's regional host. */
export const LOGIN_PATH = '/api/login/login';

/** How the service account's password is checked. */
export type LoginType = 'Basic-Cloud' | 'Basic-AD';

/** Inputs of createKeys. */
export interface CreateKeysOptions {
  /** The regional API origin, as discovery returns it. */
  baseUrl: string;
  appId: string;
  /** The service account's email address. */
  email: string;
  password: string;
  loginType: LoginType;
  timeoutMs: number;
  log?: DebugLog;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A new key pair, bound to the service account and the application. */
export interface CreatedKeys {
  accessKey: string;
  secretKey: string;
  /** How long the keys live, when Mimecast says. */
  durationMs?: number;
}

const keysSchema = z.object({
  accessKey: z.string().min(1),
  secretKey: z.string().min(1),
  duration: z.number().optional().catch(undefined),
});

/**
 * Logs the service account in and returns the Access Key and Secret Key
 * the login creates. Each login adds a binding and Mimecast caps them, so
 * the call is retried only when Mimecast did not execute it (HTTP 429).
 */
export async function createKeys(
  options: CreateKeysOptions,
): Promise<CreatedKeys> {
  const transport = new MimecastTransport(options);
  const pair = Buffer.from(`${options.email}:${options.password}`, 'utf8');
  const authorization = `${options.loginType} ${pair.toString('base64')}`;

  const response = await transport.request({
    path: LOGIN_PATH,
    body: { data: [{ userName: options.email }] },
    headers: (now) => ({
      ...unsignedHeaders(options.appId, now),
      Authorization: authorization,
    }),
    classify: classifyLogin,
    idempotent: false,
  });
  return readKeys(response.envelope?.data[0]);
}

/** A refused login is about the password, not about keys. */
function classifyLogin(facts: ResponseFacts): CliError | undefined {
  const error = classifyResponse(facts);
  if (error?.code !== 'invalid_signature') return error;
  return new CliError({
    code: 'invalid_value',
    field: 'password',
    message: "Mimecast refused the service account's email or password.",
    hint: "Check the service account's password. Key creation also fails while the administrator authentication profile uses SSO (switch SSO off until the keys exist) and when two-factor login is required, which cannot be used to create keys.",
  });
}

function readKeys(item: unknown): CreatedKeys {
  const parsed = keysSchema.safeParse(item);
  if (!parsed.success) {
    throw new CliError({
      code: 'server_error',
      message: 'Mimecast accepted the login but sent back no Access Key and Secret Key.',
      hint: 'Try again in a few minutes, or create the keys in the console: Administration > Services > API Applications > the application > Create Keys.',
    });
  }

  const { accessKey, secretKey, duration } = parsed.data;
  return duration === undefined
    ? { accessKey, secretKey }
    : { accessKey, secretKey, durationMs: duration };
}
