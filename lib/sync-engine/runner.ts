import { createBandwidthThrottle, unlimitedThrottle } from "./channel/bandwidth-throttle";
import { runOnChannels } from "./channel/channel-pool";
import { readAhead } from "./channel/read-ahead";
import { DirtyRecordCollector } from "./channel/dirty-record-collector";
import { formatBytes, formatProgressLine, ProgressTracker, type RunProgress } from "./channel/progress-tracker";
import { defaultConnectorRegistry, lookupDataSource, type ConnectorRegistry, type DataSourceConfig } from "./connectors";
import type { DirtyRecord, Split, TargetOutcome, TargetWriter, WriterChannel } from "./connectors/connector-types";
import { dirtyRecordLimit, parseJobSpec, verifyMode, type JobSpec } from "./job-spec";
import { createParameterResolver, listParameterReferences, mapStrings } from "./scheduling-parameters";
import { SyncError, isAbortError, toSyncError, type SyncErrorCode } from "./sync-error";
import { startRunVerification, type RunVerification, type RunVerifier } from "./verification/run-verifier";

export type { DataSourceConfig, RunProgress, DirtyRecord, RunVerification };

export type RunLogLine = { at: Date; level: "info" | "warn" | "error"; message: string };

export type RunJobOptions = {
  /** Data source name -> resolved configuration (secrets opened). */
  dataSources: Record<string, DataSourceConfig>;
  /** Explicit parameter values (`{ bizdate: "20261123" }`); they win over node arguments. */
  parameters?: Record<string, string>;
  /** The scheduled time; when absent it derives from `bizdate` (next day, 00:00:00). */
  scheduledTime?: Date | string;
  /** The node's Arguments property: `bizdate=$bizdate hour=$[hh24]`. */
  nodeArguments?: string;
  signal?: AbortSignal;
  /** About once a second while running, and once at the end. */
  onProgress?: (progress: RunProgress) => void;
  onLog?: (line: RunLogLine) => void;
  /** Every refused row, as it happens (the report keeps the first 1,000). */
  onDirtyRecord?: (record: DirtyRecord, count: number) => void;
  /** DataX-style summary line interval; default 5 s. */
  logIntervalMs?: number;
  /** Progress callback interval; default 1 s. */
  progressIntervalMs?: number;
  /** Rows per batch the reader yields; default 4096. */
  readBatchSize?: number;
  /** Let the reader hand the writer COPY text when both can (default true); false forces rows. */
  copyTextPath?: boolean;
  /** Connectors by stepType; tests may swap one. */
  registry?: ConnectorRegistry;
};

export type RunStatus = "succeeded" | "failed" | "cancelled";

export type RunReport = {
  status: RunStatus;
  error: { code: SyncErrorCode; message: string } | null;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  recordsRead: number;
  bytesRead: number;
  /** Rows committed in the target (for a failed run: what it holds of this run's rows). */
  recordsWritten: number;
  bytesWritten: number;
  /** Rows written inside a transaction that the failure or cancel rolled back. */
  recordsRolledBack: number;
  dirtyRecords: number;
  /** The first 1,000 refused rows with column and reason. */
  dirtySample: DirtyRecord[];
  averageBytesPerSecond: number;
  averageRecordsPerSecond: number;
  totalRecords: number | null;
  splits: number;
  concurrency: number;
  /** bizdate, cyctime and the custom parameters the run used, resolved. */
  parameters: Record<string, string>;
  /** The spec with every parameter replaced. */
  resolvedSpec: JobSpec | null;
  /** What a failed or cancelled run left in the target: `unchanged` (as it was), `rerun-repairs`, `partial`. */
  targetState: "complete" | "unchanged" | "rerun-repairs" | "partial" | "not-touched";
  /** For a failed or cancelled run, what the target holds, in words (per write mode). */
  targetSummary: string | null;
  /** `setting.verify` (count or checksum of the target against what was written); null when off or not reached. */
  verification: RunVerification | null;
};

export type ResolvedJob = {
  spec: JobSpec;
  parameters: Record<string, string>;
  /** Reader column expressions with a flag for the ones written as parameters. */
  readerColumns: Array<{ text: string; fromParameter: boolean }>;
};

/**
 * Validates a spec and resolves its parameters without touching any data source
 * (`npm run sync -- --dry-run` and the Run dialog's check). Throws SyncError.
 */
export function resolveJob(input: unknown, options: Pick<RunJobOptions, "parameters" | "scheduledTime" | "nodeArguments">): ResolvedJob {
  const spec = parseJobSpec(input);
  const resolver = createParameterResolver({ parameters: options.parameters, scheduledTime: options.scheduledTime, nodeArguments: options.nodeArguments });
  const unresolved: string[] = [];
  const used: Record<string, string> = {};
  const resolved = mapStrings(spec, (text) => {
    const result = resolver.tryResolve(text);
    unresolved.push(...result.unresolved);
    for (const reference of listParameterReferences(text)) {
      if (result.unresolved.includes(reference.expression)) continue;
      used[reference.expression] = resolver.tryResolve(reference.expression).value;
    }
    return result.value;
  });
  if (unresolved.length > 0) {
    const unique = [...new Set(unresolved)];
    throw new SyncError(
      "UNRESOLVED_PARAMETER",
      `Parameter ${unique[0]} has no value${unique.length > 1 ? ` (nor ${unique.slice(1).join(", ")})` : ""}: give it a value (the business date for \${bizdate}) before running. Nothing was read or written.`,
      { details: { parameters: unique } },
    );
  }
  const parameters: Record<string, string> = { ...used };
  if (resolver.bizdate) parameters.bizdate = resolver.bizdate;
  if (resolver.cyctime) parameters.cyctime = resolver.cyctime;
  const readerColumns = (spec.steps[0].parameter.column ?? []).map((text, i) => ({
    text: resolved.steps[0].parameter.column![i]!,
    fromParameter: listParameterReferences(text).length > 0 && !/^'.*'$/s.test(text),
  }));
  return { spec: resolved, parameters, readerColumns };
}

/**
 * Runs one job: prepare -> plan splits -> channels -> commit or abort -> report.
 * Always resolves with a report; a failure is in `report.status` and `report.error`.
 */
export async function runJob(input: unknown, options: RunJobOptions): Promise<RunReport> {
  const startedAt = new Date();
  const registry = options.registry ?? defaultConnectorRegistry;
  const external = options.signal ?? new AbortController().signal;
  const runController = new AbortController();
  const onExternalAbort = (): void => runController.abort(new SyncError("CANCELLED", "The run was cancelled."));
  if (external.aborted) onExternalAbort();
  else external.addEventListener("abort", onExternalAbort, { once: true });
  const signal = runController.signal;

  const log = (message: string, level: RunLogLine["level"] = "info"): void => {
    options.onLog?.({ at: new Date(), level, message });
  };
  let collector = new DirtyRecordCollector(0);
  const tracker = new ProgressTracker(() => ({ count: collector.count, bytes: collector.bytes }));
  let resolved: ResolvedJob | null = null;
  let writer: TargetWriter | null = null;
  let reader: ReturnType<ConnectorRegistry["readers"][string]["create"]> | null = null;
  const channels: WriterChannel[] = [];
  let concurrency = 1;
  let splitsCount = 0;
  let touched = false;
  let committed = false;
  let verifier: RunVerifier | null = null;
  let verification: RunVerification | null = null;
  let error: SyncError | null = null;
  let progressTimer: NodeJS.Timeout | null = null;
  let logTimer: NodeJS.Timeout | null = null;

  const emitProgress = (): void => {
    tracker.sample();
    options.onProgress?.(tracker.snapshot());
  };

  try {
    log(`Run started at ${startedAt.toISOString()}.`);
    resolved = resolveJob(input, options);
    const spec = resolved.spec;
    const [readerStep, writerStep] = spec.steps;
    const paramText = Object.entries(resolved.parameters)
      .filter(([k]) => !k.startsWith("$"))
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    if (paramText) log(`Parameters: ${paramText}.`);
    concurrency = Number(spec.setting.speed.concurrent);
    const limit = dirtyRecordLimit(spec);
    collector = new DirtyRecordCollector(limit, options.onDirtyRecord);

    const readerEntry = registry.readers[readerStep.stepType];
    const writerEntry = registry.writers[writerStep.stepType];
    if (!readerEntry) throw new SyncError("UNSUPPORTED_STEP_TYPE", `Reader type "${readerStep.stepType}" is not supported (known readers: ${Object.keys(registry.readers).join(", ")}).`);
    if (!writerEntry) throw new SyncError("UNSUPPORTED_STEP_TYPE", `Writer type "${writerStep.stepType}" is not supported (known writers: ${Object.keys(registry.writers).join(", ")}).`);
    const readerSource = lookupDataSource(options.dataSources, readerStep.parameter.datasource, readerEntry.dataSourceTypes, "reader");
    const writerSource = lookupDataSource(options.dataSources, writerStep.parameter.datasource, writerEntry.dataSourceTypes, "writer");
    reader = readerEntry.create({ parameter: readerStep.parameter, dataSource: readerSource, columns: resolved.readerColumns });
    writer = writerEntry.create({ parameter: writerStep.parameter, dataSource: writerSource });

    // Prepare: plan the splits (opens download sessions), then the target.
    tracker.stage = "preparing";
    const plan = await reader.plan({ signal, concurrency, log: (line) => log(line) });
    for (const line of plan.logLines) log(line);
    signal.throwIfAborted();
    tracker.totalRecords = plan.totalRecords;
    tracker.splitsTotal = plan.splits.length;
    splitsCount = plan.splits.length;
    touched = true;
    await writer.prepare({ signal, log: (line) => log(line), sourceColumns: plan.columns });
    signal.throwIfAborted();
    verifier = await startRunVerification({ mode: verifyMode(spec), writer, signal, log });
    if (verifier) reader = verifier.tapReader(reader);

    const mbps = Number(spec.setting.speed.mbps);
    const throttle = spec.setting.speed.throttle && mbps > 0 ? createBandwidthThrottle(mbps * 1024 * 1024) : unlimitedThrottle;
    log(
      `Channels: ${Math.min(concurrency, Math.max(1, plan.splits.length))} of ${concurrency} requested; ` +
        `${spec.setting.speed.throttle ? `bandwidth limited to ${mbps} MB/s` : "no bandwidth limit"}; ` +
        `dirty records allowed: ${limit === null ? "no limit" : limit}.`,
    );

    tracker.stage = "running";
    progressTimer = setInterval(emitProgress, options.progressIntervalMs ?? 1000);
    logTimer = setInterval(() => log(formatProgressLine(tracker.snapshot())), options.logIntervalMs ?? 5000);
    progressTimer.unref();
    logTimer.unref();

    // A cancel closes the writer connections at once, so a statement in flight ends now
    // rather than at the end of its batch.
    const closeOnAbort = (): void => {
      for (const channel of channels) void channel.rollback().catch(() => {});
    };
    signal.addEventListener("abort", closeOnAbort, { once: true });

    const batchSize = options.readBatchSize ?? 4096;
    const activeWriter = writer;
    const activeReader = reader;
    const copyText =
      options.copyTextPath !== false && writer.acceptsCopyText?.() === true && reader.readsCopyText?.() === true && reader.readCopyText !== undefined;
    if (copyText) log("Reader hands the writer rows as COPY text, encoded straight from what the source sends (no value per cell).");
    const readerLog = (line: string): void => log(line, "warn");
    await runOnChannels<Split>({
      items: plan.splits,
      concurrency,
      signal,
      openLane: async () => {
        const channel = await activeWriter.openChannel({
          signal,
          acquireBytes: (bytes) => throttle.acquire(bytes, signal),
          reportWritten: (records, bytes) => {
            tracker.recordsWritten += records;
            tracker.bytesWritten += bytes;
          },
          reportUncommitted: (records, bytes) => {
            tracker.recordsUncommitted += records;
            tracker.bytesUncommitted += bytes;
          },
          reportCommitted: (records, bytes) => tracker.commit(records, bytes),
          reportDirty: (record) => {
            verifier?.removeDirty(record);
            collector.add(record);
          },
          log: (line, level) => log(line, level),
        });
        channels.push(channel);
        if (signal.aborted) closeOnAbort();
        return {
          run: async (split, laneSignal) => {
            if (copyText) {
              for await (const batch of readAhead(activeReader.readCopyText!(split, { signal: laneSignal, batchSize, log: readerLog }))) {
                laneSignal.throwIfAborted();
                tracker.recordsRead += batch.rowCount;
                await channel.writeCopyText!(batch);
              }
              tracker.splitsDone += 1;
              return;
            }
            for await (const batch of readAhead(activeReader.read(split, { signal: laneSignal, batchSize, log: readerLog }))) {
              laneSignal.throwIfAborted();
              tracker.recordsRead += batch.length;
              await channel.write(batch);
            }
            tracker.splitsDone += 1;
          },
          done: () => channel.flush(),
        };
      },
    });
    signal.throwIfAborted();

    tracker.stage = "committing";
    for (const channel of channels) await channel.commit();
    committed = true;
    await writer.finish({ signal, log: (line) => log(line) });
    if (verifier) {
      verification = await verifier.finish({ signal });
      log(verification.message, verification.ok ? "info" : "error");
      if (!verification.ok) throw new SyncError("VERIFICATION_FAILED", verification.message);
    }
  } catch (caught) {
    if (signal.aborted && (isAbortError(caught) || !(caught instanceof SyncError) || caught.code === "TARGET_WRITE_FAILED" || caught.code === "TARGET_CONNECTION_LOST")) {
      error = new SyncError("CANCELLED", "The run was cancelled.");
    } else {
      error = toSyncError(caught, "INTERNAL", "The run failed");
    }
    runController.abort(error);
  } finally {
    external.removeEventListener("abort", onExternalAbort);
    if (progressTimer) clearInterval(progressTimer);
    if (logTimer) clearInterval(logTimer);
    await Promise.all(channels.map((c) => (committed ? c.close() : c.rollback()).catch(() => {})));
    await writer?.close().catch(() => {});
    await reader?.close().catch(() => {});
  }

  tracker.stage = "finished";
  const endedAt = new Date();
  const durationMs = endedAt.getTime() - startedAt.getTime();
  const seconds = Math.max(durationMs / 1000, 0.001);
  tracker.bytesRead = tracker.bytesSent + collector.bytes;
  const status: RunStatus = error === null ? "succeeded" : error.code === "CANCELLED" ? "cancelled" : "failed";
  // Whatever no COMMIT made permanent was rolled back with the connections.
  const rolledBack = tracker.recordsUncommitted;
  const target = describeTarget({ status, touched, writer, committedRecords: tracker.recordsWritten, rolledBackRecords: rolledBack });
  const report: RunReport = {
    status,
    error: error ? { code: error.code, message: error.message } : null,
    startedAt,
    endedAt,
    durationMs,
    recordsRead: tracker.recordsRead,
    bytesRead: tracker.bytesRead,
    recordsWritten: tracker.recordsWritten,
    bytesWritten: tracker.bytesWritten,
    recordsRolledBack: rolledBack,
    dirtyRecords: collector.count,
    dirtySample: collector.kept,
    averageBytesPerSecond: tracker.bytesSent / seconds,
    averageRecordsPerSecond: tracker.recordsSent / seconds,
    totalRecords: tracker.totalRecords,
    splits: splitsCount,
    concurrency,
    parameters: resolved ? Object.fromEntries(Object.entries(resolved.parameters).filter(([k]) => !k.startsWith("$"))) : {},
    resolvedSpec: resolved?.spec ?? null,
    targetState: target.state,
    targetSummary: target.statement,
    verification,
  };
  const final = tracker.snapshot();
  if (status === "succeeded") final.percent = 100;
  // The run is over: rows no COMMIT made permanent are gone, not pending.
  options.onProgress?.({ ...final, recordsRead: report.recordsRead, bytesRead: report.bytesRead, recordsUncommitted: 0, bytesUncommitted: 0 });
  if (status === "succeeded") log(formatProgressLine({ ...final, bytesPerSecond: report.averageBytesPerSecond, recordsPerSecond: report.averageRecordsPerSecond }));
  for (const line of formatRunSummary(report)) log(line, status === "succeeded" ? "info" : "error");
  return report;
}

/**
 * What the target holds after the run. The writer says it per write mode from the rows
 * committed; a writer that cannot is described from its failure semantics alone.
 */
function describeTarget(options: {
  status: RunStatus;
  touched: boolean;
  writer: TargetWriter | null;
  committedRecords: number;
  rolledBackRecords: number;
}): { state: RunReport["targetState"]; statement: string | null } {
  const { status, touched, writer, committedRecords, rolledBackRecords } = options;
  if (status === "succeeded") return { state: "complete", statement: null };
  if (!touched || !writer) return { state: "not-touched", statement: "Nothing was written: the run stopped before it touched the target." };
  const described: TargetOutcome | undefined = writer.describeFailure?.({ committedRecords, rolledBackRecords });
  if (described) return described;
  const rows = `${committedRecords.toLocaleString("en-US")} row${committedRecords === 1 ? "" : "s"}`;
  switch (writer.failureSemantics) {
    case "as-it-was":
      return { state: "unchanged", statement: "The target is as it was before the run: the run's transaction was rolled back." };
    case "rerun-repairs":
      return { state: "rerun-repairs", statement: `The target holds the ${rows} committed before the failure; rerunning the same run repairs it.` };
    default:
      return { state: "partial", statement: `The target holds the ${rows} committed before the failure; delete them or truncate before rerunning.` };
  }
}

/** The summary DataX users read at the end of a run. */
export function formatRunSummary(report: RunReport): string[] {
  const lines = [
    `Job start time           : ${report.startedAt.toISOString()}`,
    `Job end time             : ${report.endedAt.toISOString()}`,
    `Total elapsed time       : ${(report.durationMs / 1000).toFixed(2)}s`,
    `Average traffic          : ${formatBytes(report.averageBytesPerSecond)}/s`,
    `Record write speed       : ${Math.round(report.averageRecordsPerSecond)}rec/s`,
    `Total records read       : ${report.recordsRead}`,
    `Total records written    : ${report.recordsWritten}${report.status === "succeeded" ? "" : " (committed)"}`,
    ...(report.recordsRolledBack > 0 ? [`Rolled back              : ${report.recordsRolledBack} records (written in a transaction the run did not commit)`] : []),
    `Total failed (dirty)     : ${report.dirtyRecords}`,
    `Status                   : ${report.status}`,
  ];
  // A failed verification is the run's error, printed below.
  if (report.verification?.ok) lines.push(`Verification             : ${report.verification.message}`);
  if (report.error) lines.push(`Error                    : [${report.error.code}] ${report.error.message}`);
  if (report.error?.code === "VERIFICATION_FAILED") {
    lines.push("Target                   : the rows were written and committed; it holds what the verification found");
  } else if (report.targetSummary) {
    lines.push(`Target                   : ${report.targetSummary}`);
  }
  return lines;
}
