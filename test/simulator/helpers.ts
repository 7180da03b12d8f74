import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { signedHeaders } from '../../src/mimecast/signing.js';
import type { SigningKeys } from '../../src/mimecast/signing.js';
import { DEMO_TENANT } from '../../src/simulator/demo-tenant.js';
import { startSimulator } from '../../src/simulator/server.js';
import type {
  RunningSimulator,
  SimulatorOptions,
} from '../../src/simulator/server.js';

/** The demo tenant's signing keys. */
export const DEMO_KEYS: SigningKeys = {
  appId: DEMO_TENANT.appId,
  appKey: DEMO_TENANT.appKey,
  accessKey: DEMO_TENANT.accessKey,
  secretKey: DEMO_TENANT.secretKey,
};

/** An answer with its body read as text and, when it is JSON, parsed. */
export interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  // Tests read deep into envelopes; a precise type would only be cast away.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Options of one call to the simulator. */
export interface CallOptions {
  method?: string;
  keys?: Partial<SigningKeys>;
  date?: Date;
  /** Replaces or, with undefined, removes headers. */
  headers?: Record<string, string | undefined>;
  /** Sent as it is instead of JSON-encoding `body`. */
  rawBody?: string;
}

/**
 * Starts a simulator before the file's tests and closes it after, with the
 * network closed to everything but loopback. Faults and the request log are
 * reset after each test.
 */
export function useSimulator(options: SimulatorOptions = {}) {
  const holder: { sim: RunningSimulator } = {} as never;
  allowLoopbackOnly();

  beforeAll(async () => {
    holder.sim = await startSimulator(options);
  });
  afterEach(() => {
    holder.sim.faults.clear();
    holder.sim.requests.splice(0);
  });
  afterAll(async () => {
    await holder.sim.close();
  });
  return holder;
}

/** Closes the network to everything but loopback for the enclosing suite. */
export function allowLoopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** Sends a request to the simulator and reads the whole answer. */
export async function send(
  url: string,
  init: RequestInit,
): Promise<Answer> {
  const response = await fetch(url, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text,
    json: parseOrUndefined(text),
  };
}

/** Sends a call signed with the demo keys (or those given). */
export function callSigned(
  sim: Pick<RunningSimulator, 'url'>,
  path: string,
  body: unknown = { data: [] },
  options: CallOptions = {},
): Promise<Answer> {
  const keys = { ...DEMO_KEYS, ...options.keys };
  const headers = mergeHeaders(
    signedHeaders(keys, path, options.date ?? new Date()),
    options.headers,
  );
  const method = options.method ?? 'POST';
  const sent = method === 'GET' ? undefined : options.rawBody;
  return send(`${sim.url}${path}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : (sent ?? JSON.stringify(body)),
  });
}

/** Merges header overrides; an undefined value removes the header. */
export function mergeHeaders(
  base: Record<string, string>,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...base, ...overrides };
  return Object.fromEntries(
    Object.entries(merged).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/** The first error code of a Mimecast envelope's fail list. */
export function failCode(answer: Answer): string | undefined {
  const code: unknown = answer.json?.fail?.[0]?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Asks the token endpoint for a token, as the demo API 2.0 app by default. */
export function requestToken(
  sim: Pick<RunningSimulator, 'url'>,
  form: Record<string, string> = {},
  contentType = 'application/x-www-form-urlencoded',
): Promise<Answer> {
  const fields = {
    client_id: DEMO_TENANT.clientId,
    client_secret: DEMO_TENANT.clientSecret,
    grant_type: 'client_credentials',
    ...form,
  };
  return send(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A fresh bearer token of the demo API 2.0 application. */
export async function demoToken(
  sim: Pick<RunningSimulator, 'url'>,
): Promise<string> {
  const answer = await requestToken(sim);
  const token: unknown = answer.json?.access_token;
  if (typeof token !== 'string') throw new Error('No token was issued');
  return token;
}

/** Sends an API call with a bearer token. */
export function callBearer(
  sim: Pick<RunningSimulator, 'url'>,
  path: string,
  token: string,
  body: unknown = { data: [] },
): Promise<Answer> {
  return send(`${sim.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}
