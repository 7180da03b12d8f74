import { describe, expect, it, vi } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  networkErrorCode,
  normaliseHeaders,
  rateLimitResetMs,
  sendWithRetry,
} from '../../src/net/retry.js';
import type { HttpAnswer } from '../../src/net/retry.js';

function answer(status: number, headers: Record<string, string> = {}) {
  return { status, headers };
}

function networkError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** Runs sendWithRetry over scripted outcomes, recording sleeps and calls. */
async function runScript(
  script: Array<HttpAnswer | Error>,
  random = () => 0.5,
) {
  const sleeps: number[] = [];
  const lines: string[] = [];
  let calls = 0;
  const send = (attempt: number) => {
    calls += 1;
    expect(attempt).toBe(calls);
    const next = script[attempt - 1];
    if (next === undefined) throw new Error('no more scripted outcomes');
    return next instanceof Error
      ? Promise.reject(next)
      : Promise.resolve(next);
  };
  const outcome = await sendWithRetry(send, {
    label: 'POST /api/x',
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random,
    log: (line) => lines.push(line),
  }).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { outcome, sleeps, lines, calls: () => calls };
}

describe('sendWithRetry', () => {
  it('returns a success at once without waiting', async () => {
    const run = await runScript([answer(200)]);
    expect(run.outcome).toEqual({ value: answer(200) });
    expect(run.sleeps).toEqual([]);
  });

  it('tries a 5xx three times and then returns the last answer', async () => {
    const run = await runScript([answer(500), answer(502), answer(503)]);
    expect(run.outcome).toEqual({ value: answer(503) });
    expect(run.calls()).toBe(3);
    expect(run.sleeps).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 418])('never retries HTTP %i', async (s) => {
    const run = await runScript([answer(s), answer(200)]);
    expect(run.outcome).toEqual({ value: answer(s) });
    expect(run.calls()).toBe(1);
  });

  it('waits at least the rate-limit reset, in milliseconds', async () => {
    const limited = answer(429, { 'X-RateLimit-Reset': '5000' });
    const run = await runScript([limited, answer(200)], () => 0);
    expect(run.outcome).toEqual({ value: answer(200) });
    expect(run.sleeps).toEqual([5000]);
    expect(run.lines[0]).toContain('HTTP 429 on attempt 1 of 3');
    expect(run.lines[0]).toContain('waiting 5000 ms');
  });

  it('caps a huge rate-limit reset at 30 seconds', async () => {
    const limited = answer(429, { 'x-ratelimit-reset': '900000' });
    const run = await runScript([limited, answer(200)], () => 0);
    expect(run.sleeps).toEqual([30_000]);
  });

  it('keeps the backoff when it is longer than the reset', async () => {
    const limited = answer(429, { 'x-ratelimit-reset': '1' });
    const run = await runScript([limited, limited, answer(200)], () => 0.99);
    expect(run.sleeps).toEqual([495, 990]);
  });

  it.each(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT'])(
    'retries a %s network error',
    async (code) => {
      const run = await runScript([networkError(code), answer(200)]);
      expect(run.outcome).toEqual({ value: answer(200) });
      expect(run.lines[0]).toContain(code);
    },
  );

  it('retries a socket hang up that carries no code', async () => {
    const hangUp = new Error('socket hang up');
    const run = await runScript([hangUp, answer(200)]);
    expect(run.outcome).toEqual({ value: answer(200) });
  });

  it('throws the last network error after three attempts', async () => {
    const last = networkError('ECONNRESET', 'third');
    const run = await runScript([
      networkError('ECONNRESET'),
      networkError('ETIMEDOUT'),
      last,
    ]);
    expect(run.outcome).toEqual({ error: last });
    expect(run.sleeps).toHaveLength(2);
  });

  it.each(['ENOTFOUND', 'ECONNREFUSED', 'CERT_HAS_EXPIRED'])(
    'does not retry %s',
    async (code) => {
      const error = networkError(code);
      const run = await runScript([error, answer(200)]);
      expect(run.outcome).toEqual({ error });
      expect(run.calls()).toBe(1);
    },
  );

  it('honours narrowed retry predicates', async () => {
    const sleeps: number[] = [];
    const send = () => Promise.resolve(answer(503));
    const result = await sendWithRetry(send, {
      label: 'POST /x',
      sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
      retryStatus: (status) => status === 429,
    });
    expect(result.status).toBe(503);
    expect(sleeps).toEqual([]);
  });

  it('really sleeps with fake timers when no sleep is given', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const send = () =>
        Promise.resolve(answer((calls += 1) === 1 ? 503 : 200));
      const pending = sendWithRetry(send, {
        label: 'POST /x',
        random: () => 0.5,
      });
      await vi.advanceTimersByTimeAsync(249);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(pending).resolves.toEqual(answer(200));
      expect(calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('backoffDelayMs', () => {
  it('doubles its ceiling per attempt, up to the maximum', () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, top)).toBe(499);
    expect(backoffDelayMs(2, DEFAULT_RETRY_POLICY, top)).toBe(999);
    expect(backoffDelayMs(20, DEFAULT_RETRY_POLICY, top)).toBe(7999);
  });

  it('spreads waits from zero (full jitter)', () => {
    expect(backoffDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });
});

describe('helpers', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 418, 600].some(isRetryableStatus)).toBe(false);
  });

  it('reads the reset header case-insensitively and ignores junk', () => {
    expect(rateLimitResetMs({ 'X-RATELIMIT-RESET': '42' })).toBe(42);
    expect(rateLimitResetMs({ 'x-ratelimit-reset': 'soon' })).toBeUndefined();
    expect(rateLimitResetMs({})).toBeUndefined();
  });

  it('prefers the underlying error code over a generic one', () => {
    const cause = networkError('ECONNRESET');
    const wrapped = Object.assign(new Error('x'), {
      code: 'ERR_NETWORK',
      cause,
    });
    expect(networkErrorCode(wrapped)).toBe('ECONNRESET');
  });

  it('lower-cases header names and joins repeated values', () => {
    expect(
      normaliseHeaders({ 'Set-Cookie': ['a', 'b'], Date: 'x', Gone: null }),
    ).toEqual({ 'set-cookie': 'a, b', date: 'x' });
  });
});
