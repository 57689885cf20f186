/**
 * Asks the source for its next batch as soon as the current one is handed out, so that
 * reading (HTTP and decoding) proceeds while the writer waits on the database. At most one
 * batch is read ahead, which keeps memory bounded and backpressure intact.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  // A failure of the read-ahead surfaces at the next await; this only avoids an unhandled rejection meanwhile.
  pending.catch(() => {});
  let finished = false;
  try {
    for (;;) {
      const result = await pending;
      if (result.done) {
        finished = true;
        return;
      }
      pending = iterator.next();
      pending.catch(() => {});
      yield result.value;
    }
  } finally {
    if (!finished) await iterator.return?.().catch(() => {});
  }
}
