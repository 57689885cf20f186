/**
 * The numbers the run queue lives by. A worker heartbeats every 5 s and each heartbeat
 * extends the leases of its runs to 30 s ahead; a lease that runs out means the worker
 * stopped heartbeating (crashed, killed, lost its network), and the next reaper pass
 * (every 10 s, in every worker and whenever the console reads runs) fails the run. So a
 * dead worker is noticed within 30 to 40 s, well inside the minute the issue allows, while
 * a worker paused by a long GC or a slow database still has six heartbeats of slack.
 */
export const workerTiming = {
  heartbeatMs: 5_000,
  leaseMs: 30_000,
  /** A worker with no heartbeat for this long is shown offline and gets no connectivity checks. */
  onlineWindowMs: 30_000,
  reapEveryMs: 10_000,
  /** How often a worker looks for queued runs and connectivity checks. */
  pollMs: 1_000,
  /** Progress, speed samples, logs and dirty records are written this often. */
  flushMs: 1_000,
  /** How long "Test connectivity" waits for a worker's answer. */
  connectivityWaitMs: 20_000,
} as const;

/** DirtyRecord rows kept per run, as the engine's report keeps the first 1,000. */
export const maxStoredDirtyRecords = 1_000;
