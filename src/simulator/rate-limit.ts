/** The quota a real tenant showed: 800 calls per window of about 5 s. */
const LIMIT = 800;
const WINDOW_MS = 5_000;

/**
 * Counts calls in fixed windows to fill the X-RateLimit-* headers every
 * Mimecast answer carries. It never refuses a call by itself: 429s come
 * from the rateLimit fault.
 */
export class RateLimitCounter {
  private windowStart = 0;
  private used = 0;

  /** Counts one call and returns the headers for its answer. */
  count(nowMs: number): Record<string, string> {
    if (nowMs - this.windowStart >= WINDOW_MS) {
      this.windowStart = nowMs;
      this.used = 0;
    }
    this.used += 1;

    const remaining = Math.max(LIMIT - this.used, 0);
    const reset = this.windowStart + WINDOW_MS - nowMs;
    return rateLimitHeaders(remaining, reset);
  }
}

/** The X-RateLimit-* headers; the reset is in milliseconds, as Mimecast's. */
export function rateLimitHeaders(
  remaining: number,
  resetMs: number,
): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(LIMIT),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetMs),
  };
}
