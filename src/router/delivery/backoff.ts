// Waits between retries: exponential backoff with full jitter (a random wait between 0 and
// min(max, base × 2^attempt)), so destinations coming back are not hit by every router at once.

export const RETRY_BASE_MS = 100;

export function retryDelayMs(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, RETRY_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or early when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
