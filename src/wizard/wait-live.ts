import { isCliError } from '../errors.js';
import { createCancelledError, isCancellation } from '../terminal/prompts.js';
import { saveProgress, type WizardState } from './state.js';
import type { WizardContext } from './types.js';

/** How long Mimecast may take to make a new API application live. */
export const GO_LIVE_MS = 30 * 60_000;

/** How often the wait tries again; each try is one small request. */
export const POLL_INTERVAL_MS = 60_000;

const TICK_MS = 1000;

/** When the application should be live: 30 minutes after its creation. */
export function liveDeadline(state: WizardState, now: Date): Date {
  const created = state.values.applicationCreatedAt;
  const start = created === undefined ? now : new Date(created);
  return new Date(start.getTime() + GO_LIVE_MS);
}

/** True while the application may still be going live. */
export function mayStillGoLive(state: WizardState, now: Date): boolean {
  return now.getTime() < liveDeadline(state, now).getTime();
}

/** `m:ss` for a count of milliseconds. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/** How a wait for the application ended. */
export type WaitResult<T> =
  | { live: true; value: T }
  | { live: false; error?: unknown };

/**
 * Tries `attempt` about once a minute until it stops failing with
 * `invalid_app_id`, showing the time left until 30 minutes after the
 * application's creation. Progress is saved first, so Ctrl-C during the
 * wait (a `cancelled` error from the sleep) loses nothing.
 */
export async function waitUntilLive<T>(
  ctx: WizardContext,
  state: WizardState,
  attempt: () => Promise<T>,
): Promise<WaitResult<T>> {
  await saveProgress(ctx, state);
  ctx.output.line(
    'Trying once a minute. Ctrl-C stops waiting; your progress is saved.',
  );
  const deadline = liveDeadline(state, ctx.now()).getTime();
  const spinner = ctx.output.spinner(countdownText(deadline, ctx.now()));
  let nextTry = ctx.now().getTime() + POLL_INTERVAL_MS;

  try {
    for (;;) {
      const now = ctx.now().getTime();
      if (now >= nextTry || now >= deadline) {
        const result = await tryOnce(attempt);
        if (result.live || result.error !== undefined || now >= deadline) {
          endSpinner(spinner, result);
          return result;
        }
        nextTry = now + POLL_INTERVAL_MS;
      }

      await sleepTick(ctx, Math.min(TICK_MS, nextTry - now, deadline - now));
      spinner.update(countdownText(deadline, ctx.now()));
    }
  } catch (error) {
    spinner.stop();
    throw error;
  }
}

async function tryOnce<T>(attempt: () => Promise<T>): Promise<WaitResult<T>> {
  try {
    return { live: true, value: await attempt() };
  } catch (error) {
    if (isCliError(error) && error.code === 'invalid_app_id') {
      return { live: false };
    }
    if (isCancellation(error)) throw error;
    return { live: false, error };
  }
}

function endSpinner(
  spinner: { succeed(t?: string): void; fail(t?: string): void },
  result: WaitResult<unknown>,
): void {
  if (result.live) spinner.succeed('The application is live.');
  else if (result.error !== undefined) spinner.fail('Mimecast refused.');
  else spinner.fail('The application is still not accepted.');
}

async function sleepTick(ctx: WizardContext, ms: number): Promise<void> {
  try {
    await ctx.sleep(Math.max(ms, 0));
  } catch (error) {
    throw isCliError(error) ? error : createCancelledError(error);
  }
}

function countdownText(deadline: number, now: Date): string {
  const left = formatCountdown(deadline - now.getTime());
  return `Waiting for the application to go live: ${left} left`;
}
