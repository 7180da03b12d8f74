import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleSignedCall } from './api-routes.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import type { ControlState } from './control.js';
import { DEMO_TENANT } from './demo-tenant.js';
import { FaultControls } from './faults.js';
import {
  DISCOVER_PATH,
  handleDiscover,
  handleLogin,
  LOGIN_PATH,
} from './login-routes.js';
import { handleTokenRequest, TOKEN_PATH } from './oauth-routes.js';
import { RateLimitCounter, rateLimitHeaders } from './rate-limit.js';
import { failReply, jsonReply } from './reply.js';
import type { SimContext, SimReply, SimRequest } from './reply.js';
import { recordRequest } from './request-log.js';
import type { RecordedRequest } from './request-log.js';
import { createDemoTenant } from './tenant.js';
import type { SimulatedTenant } from './tenant.js';
import { handleXdrPush, XDR_PATH } from './xdr-receiver.js';
import type { RecordedPush } from './xdr-receiver.js';
import { serviceUnavailablePage, writeReply } from './write-reply.js';
import type { WriteOptions } from './write-reply.js';

/** Input to startSimulator. */
export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Added before every Mimecast and XDR answer, e.g. for the benchmark. */
  latencyMs?: number;
  /** The simulator's clock; faults may move it by clockOffsetMs. */
  now?: () => Date;
  /** The tenant to serve; the demo tenant unless given. */
  tenant?: SimulatedTenant;
  /** The bearer token the XDR receiver accepts; DEMO_TENANT's by default. */
  xdrToken?: string;
}

/** A simulator listening on loopback, and the handles to steer it. */
export interface RunningSimulator {
  /** `http://127.0.0.1:<port>`: the base URL and the discovery URL. */
  url: string;
  /** `127.0.0.1:<port>`, as MIMECAST_XDR_ALLOWED_HOSTS lists hosts. */
  hostPort: string;
  xdr: {
    /** `${url}/xdr/integrations/mimecast`. */
    endpoint: string;
    token: string;
    /** Every push accepted so far, oldest first. */
    pushes: RecordedPush[];
  };
  tenant: SimulatedTenant;
  faults: FaultControls;
  /** Every request except the control surface's, oldest first. */
  requests: RecordedRequest[];
  /** Stops listening and cuts open connections; safe to call twice. */
  close(): Promise<void>;
}

interface ServerState extends ControlState {
  context: SimContext;
  latencyMs: number;
  xdrToken: string;
  rateLimit: RateLimitCounter;
  pendingDelays: Set<() => void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/i;

/**
 * Starts the Mimecast API (1.0 and 2.0) and XDR simulator on 127.0.0.1.
 * The control surface under /__sim/ lets another process set faults and
 * read what the simulator saw.
 */
export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const state = createState(options);
  const server = createServer((request, response) => {
    handleRequest(request, response, state).catch(() => {
      response.destroy();
    });
  });
  const port = await listenOnLoopback(server, options.port ?? 0);

  const url = `http://127.0.0.1:${port}`;
  state.context.url = url;
  return {
    url,
    hostPort: `127.0.0.1:${port}`,
    xdr: {
      endpoint: `${url}${XDR_PATH}`,
      token: state.xdrToken,
      pushes: state.pushes,
    },
    tenant: state.tenant,
    faults: state.faults,
    requests: state.requests,
    close: once(() => closeServer(server, state)),
  };
}

function createState(options: SimulatorOptions): ServerState {
  const clock = options.now ?? (() => new Date());
  const faults = new FaultControls();
  const now = () => new Date(clock().getTime() + faults.clockOffsetMs);
  const tenant = options.tenant ?? createDemoTenant(clock());
  return {
    tenant,
    faults,
    now,
    requests: [],
    pushes: [],
    context: { tenant, faults, now, url: '' },
    latencyMs: options.latencyMs ?? 0,
    xdrToken: options.xdrToken ?? DEMO_TENANT.xdrToken,
    rateLimit: new RateLimitCounter(),
    pendingDelays: new Set(),
  };
}

async function handleRequest(
  incoming: IncomingMessage,
  response: ServerResponse,
  state: ServerState,
): Promise<void> {
  const request = await readRequest(incoming);
  if (request.path.startsWith(CONTROL_PREFIX)) {
    writeReply(response, answerControl(request, state), plainWrite(state));
    return;
  }

  const entry = recordRequest(request.method, request.path, request.headers);
  state.requests.push(entry);

  const reply = routeRequest(request, state);
  await waitBeforeAnswer(request.path, state);

  const options = writeOptions(request, reply, state);
  const status = writeReply(response, reply, options);
  entry.answeredAt = Date.now();
  if (status === undefined) entry.dropped = true;
  else entry.status = status;
}

// The server listens on loopback only; checking the Host name as well keeps a
// web page that rebinds its own name to 127.0.0.1 from steering it.
function answerControl(request: SimRequest, state: ServerState): SimReply {
  const host = request.headers.host ?? '';
  if (LOOPBACK_HOST.test(host)) return handleControl(request, state);
  return jsonReply(403, { error: 'Use 127.0.0.1 or localhost as the host' });
}

function routeRequest(request: SimRequest, state: ServerState): SimReply {
  if (request.path === XDR_PATH) {
    return handleXdrPush(request, {
      token: state.xdrToken,
      faults: state.faults,
      pushes: state.pushes,
    });
  }
  if (!isMimecastPath(request.path)) {
    return jsonReply(404, { error: 'Not found' });
  }
  return routeMimecastRequest(request, state);
}

/** The API 1.0 and 2.0 paths, which share faults and rate-limit headers. */
function isMimecastPath(path: string): boolean {
  return path.startsWith('/api/') || path === TOKEN_PATH;
}

function routeMimecastRequest(
  request: SimRequest,
  state: ServerState,
): SimReply {
  const { faults } = state;
  if (faults.take('dropConnection', request.path)) return { kind: 'drop' };
  if (faults.take('serviceUnavailableHtml', request.path)) {
    return serviceUnavailablePage();
  }

  const limited = faults.take('rateLimit', request.path);
  if (limited) return rateLimitedReply(limited.resetMs ?? 1000);

  if (request.method !== 'POST') {
    const error = {
      code: 'err_method_not_allowed',
      message: 'Only POST is supported',
    };
    return failReply(405, error, { headers: { Allow: 'POST' } });
  }

  if (request.path === DISCOVER_PATH) {
    return handleDiscover(request, state.context);
  }
  if (request.path === LOGIN_PATH) return handleLogin(request, state.context);
  if (request.path === TOKEN_PATH) {
    return handleTokenRequest(request, state.context);
  }
  return handleSignedCall(request, state.context);
}

function rateLimitedReply(resetMs: number): SimReply {
  const error = {
    code: 'err_rate_limit_exceeded',
    message: 'Rate limit exceeded',
    retryable: true,
  };
  return failReply(429, error, { headers: rateLimitHeaders(0, resetMs) });
}

function writeOptions(
  request: SimRequest,
  reply: SimReply,
  state: ServerState,
): WriteOptions {
  const options = plainWrite(state);
  if (!isMimecastPath(request.path)) return options;

  const headers = {
    ...options.headers,
    ...state.rateLimit.count(Date.now()),
  };
  const truncate =
    reply.kind === 'json' &&
    state.faults.take('truncatedJson', request.path) !== undefined;
  return { headers, truncate };
}

function plainWrite(state: ServerState): WriteOptions {
  return {
    headers: { Date: state.now().toUTCString() },
    truncate: false,
  };
}

async function waitBeforeAnswer(
  path: string,
  state: ServerState,
): Promise<void> {
  const slowMs = state.faults.take('slow', path)?.ms ?? 0;
  const total = state.latencyMs + slowMs;
  if (total <= 0) return;

  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      state.pendingDelays.delete(finish);
      resolve();
    };
    const timer = setTimeout(finish, total);
    state.pendingDelays.add(finish);
  });
}

async function readRequest(incoming: IncomingMessage): Promise<SimRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(buffer);
  }

  const path = new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname;
  return {
    method: incoming.method ?? 'GET',
    path,
    headers: incoming.headers,
    body: Buffer.concat(chunks),
  };
}

function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server, state: ServerState): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    for (const finish of [...state.pendingDelays]) finish();
    server.closeAllConnections();
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= action());
}
