import type { Spinner } from './output.js';

/** How long a wait must last before a spinner appears at all. */
const SHOW_AFTER_MS = 300;

/**
 * Starts an ora spinner on stderr that shows itself only when the wait
 * lasts, so quick answers do not flicker. ora is loaded on first use.
 */
export function startTerminalSpinner(
  stream: NodeJS.WritableStream,
  text: string,
  redact: (text: string) => string,
): Spinner {
  let current = redact(text);
  let live: { stop(): void; succeed(t?: string): void; fail(t?: string): void;
    text: string } | undefined;
  let finished = false;

  const timer = setTimeout(() => {
    void import('ora').then(({ default: ora }) => {
      if (finished) return;
      live = ora({ text: current, stream, discardStdin: false }).start();
    });
  }, SHOW_AFTER_MS);
  timer.unref();

  const end = (how: 'succeed' | 'fail', final?: string) => {
    finished = true;
    clearTimeout(timer);
    const line = final === undefined ? undefined : redact(final);
    if (live) {
      if (line === undefined) live.stop();
      else live[how](line);
      return;
    }
    if (line !== undefined) {
      stream.write(`${how === 'succeed' ? '✔' : '✖'} ${line}\n`);
    }
  };

  return {
    update(next) {
      current = redact(next);
      if (live) live.text = current;
    },
    succeed: (final) => end('succeed', final),
    fail: (final) => end('fail', final),
    stop: () => end('succeed'),
  };
}
