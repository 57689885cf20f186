/**
 * Runs work items on N lanes: each lane takes the next item when it finishes one, so the
 * lanes stay busy as long as items remain. The first failure aborts the others.
 */
export async function runOnChannels<T>(options: {
  items: T[];
  concurrency: number;
  signal: AbortSignal;
  /** Called once per lane before its first item; returns the lane's state. */
  openLane: (lane: number) => Promise<LaneHandle<T>>;
}): Promise<void> {
  const { items, signal } = options;
  let next = 0;
  const lanes = Math.max(1, Math.min(options.concurrency, Math.max(1, items.length)));
  const failure = new AbortController();
  const onAbort = (): void => failure.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  let firstError: unknown = null;
  const runLane = async (lane: number): Promise<void> => {
    try {
      const handle = await options.openLane(lane);
      while (next < items.length) {
        failure.signal.throwIfAborted();
        const item = items[next++]!;
        await handle.run(item, failure.signal);
      }
      await handle.done();
    } catch (error) {
      if (firstError === null) firstError = error;
      failure.abort(error);
      throw error;
    }
  };
  try {
    const results = await Promise.allSettled(Array.from({ length: lanes }, (_, i) => runLane(i)));
    if (firstError !== null) throw firstError;
    const rejected = results.find((r) => r.status === "rejected");
    if (rejected) throw (rejected as PromiseRejectedResult).reason;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

export type LaneHandle<T> = {
  run(item: T, signal: AbortSignal): Promise<void>;
  /** After the lane's last item. */
  done(): Promise<void>;
};
