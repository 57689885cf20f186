/**
 * A token bucket shared by every channel of a run: the bytes per second across all channels
 * stay under the cap. The bucket starts empty and holds at most a tenth of a second of
 * credit, so even the first seconds of a run respect the limit (no initial burst).
 */
export type BandwidthThrottle = { acquire(bytes: number, signal?: AbortSignal): Promise<void> };

export const unlimitedThrottle: BandwidthThrottle = { acquire: async () => {} };

export function createBandwidthThrottle(bytesPerSecond: number, now: () => number = () => performance.now()): BandwidthThrottle {
  if (!(bytesPerSecond > 0)) return unlimitedThrottle;
  const capacity = bytesPerSecond / 10;
  let tokens = 0;
  let last = now();
  // Callers queue in order so one large request cannot starve the others.
  let tail: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - last) / 1000) * bytesPerSecond);
    last = t;
  };

  const take = async (bytes: number, signal?: AbortSignal): Promise<void> => {
    // A request bigger than the bucket borrows: it waits until its debt is paid back.
    refill();
    tokens -= bytes;
    while (tokens < 0) {
      signal?.throwIfAborted();
      const waitMs = Math.min(250, Math.max(1, (-tokens / bytesPerSecond) * 1000));
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      const t = now();
      tokens += ((t - last) / 1000) * bytesPerSecond;
      last = t;
    }
    if (tokens > capacity) tokens = capacity;
  };

  return {
    acquire(bytes, signal) {
      const run = tail.then(() => take(bytes, signal));
      tail = run.catch(() => {});
      return run;
    },
  };
}
