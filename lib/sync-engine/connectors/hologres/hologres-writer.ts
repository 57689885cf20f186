import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { HoloWriterParameter } from "../../job-spec";
import { parseQualifiedName, quoteIdentifier, quoteQualifiedName, formatQualifiedName, type QualifiedName } from "../../sql-identifier";
import { SyncError, isAbortError } from "../../sync-error";
import type {
  CopyTextBatch,
  DirtyRecord,
  RowValue,
  SourceColumn,
  TargetOutcome,
  TargetWriter,
  WriterChannel,
  WriterChannelContext,
  WriterPrepareContext,
} from "../connector-types";
import { describeTable, findOrCreatePartitionChild, type HologresColumn, type HologresTableInfo } from "./catalog";
import { CopyTextEncoder, decodeCopyLine, splitCopyLines, valueToText } from "./copy-text-encoder";
import {
  connectHologres,
  connectionLostError,
  describeConnectionLoss,
  detectServer,
  isConnectionLost,
  redact,
  type HologresConfig,
  type ServerInfo,
} from "./hologres-config";
import { toJson as maxComputeValueToJson } from "../maxcompute/maxcompute-value";
import { incompatibilityReason } from "./type-mapping";
import { resolveWriterColumns } from "./writer-columns";
import { createTargetVerification } from "./target-verifier";
import type { CanonicalColumnInput } from "./canonical-text";

/**
 * The Hologres writer. Against PostgreSQL and Hologres alike it streams `COPY ... FROM STDIN`
 * (fast mode) or sends multi-row parameterized INSERTs (SQL mode). Where the two servers
 * differ it asks the server which one it is and uses only what that server accepts:
 *
 * - PostgreSQL, no primary key: every channel holds one transaction for the whole run and
 *   commits only when every channel succeeded, so a failed or cancelled run leaves the
 *   table as it was. Each batch runs under a SAVEPOINT so a refused batch can be split.
 * - PostgreSQL, primary key: each batch is COPYed into a session-temporary staging table
 *   and merged with INSERT ... ON CONFLICT in its own transaction (conflict-aware writes
 *   are idempotent: rerunning repairs a failed run exactly).
 * - Hologres: no long transactions; COPY takes Hologres' own ON_CONFLICT option with
 *   STREAM_MODE (fixed copy) for tables with a primary key, plain COPY otherwise.
 */

export type HologresWriterOptions = {
  config: HologresConfig;
  /** The writer step's parameter, parameters already resolved. */
  parameter: HoloWriterParameter;
};

/** Rows per COPY batch: large enough that per-statement cost vanishes, small enough that a
 * refused batch is quick to split and that memory per channel stays a few MB. */
const DEFAULT_COPY_BATCH_ROWS = 50_000;
const COPY_BATCH_BYTES = 16 * 1024 * 1024;
const DEFAULT_SQL_BATCH_ROWS = 1_000;
/** The application_name of the channels' connections (pg_stat_activity shows which backends write). */
export const WRITER_APPLICATION_NAME = "synclane-writer";
/** Waits before each repeat of a batch whose connection was lost: a server restart or a
 * failover takes seconds, and three tries within 7 s ride out a brief one without hiding an outage. */
const RECONNECT_DELAYS_MS = [1000, 2000, 4000];
/** PostgreSQL's bind message takes at most 65535 parameters. */
const MAX_BIND_PARAMETERS = 65_000;

type TransactionMode = "held" | "perBatch" | "autocommit";

type WritePlan = {
  server: ServerInfo;
  target: QualifiedName;
  /** Columns as sent to the server, in row order. */
  columns: string[];
  /** Values appended to every row (the writer's partition column when not mapped). */
  appendedValues: string[];
  /** Replace on Hologres: unmapped columns sent as NULL. */
  paddedWidth: number;
  primaryKey: string[];
  conflictClause: string;
  mode: "sdk" | "sql";
  transactionMode: TransactionMode;
  useStaging: boolean;
  copyOptions: string;
  batchRows: number;
  dateColumns: number[];
  /** ARRAY source columns mapped to a json, jsonb or text column: their arrays are sent as JSON. */
  jsonArrayColumns: number[];
  /** Columns the reader delivers per row. */
  sourceWidth: number;
};

/** SQLSTATE classes that mean "this row's data", not "this connection or table": 22 data exception,
 * 23 integrity constraint, 21 cardinality (a key twice in one batch), 42804 datatype mismatch. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string") return false;
  return code.startsWith("22") || code.startsWith("23") || code.startsWith("21") || code === "42804";
}

function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "40P01" || code === "40001";
}

/** Which writer column the server blamed: the error's column field, or COPY's context line. */
function blamedColumn(error: unknown, columns: string[]): string | null {
  const e = error as { column?: string; where?: string; message?: string };
  if (e.column && columns.includes(e.column)) return e.column;
  const where = /column (\S+?)(?::|$|,)/.exec(e.where ?? "");
  if (where && columns.includes(where[1]!)) return where[1]!;
  const detail = /column "([^"]+)"/.exec(e.message ?? "");
  if (detail && columns.includes(detail[1]!)) return detail[1]!;
  return null;
}

export function createHologresWriter(options: HologresWriterOptions): TargetWriter {
  const { config, parameter } = options;
  let plan: WritePlan | null = null;
  /** The written columns' target and source types, for `setting.verify`. */
  let writtenColumns: CanonicalColumnInput[] = [];
  let admin: pg.Client | null = null;
  let truncated = false;
  let batchCount = 0;
  const channels: HologresChannel[] = [];

  const writer: TargetWriter & { readonly plan: WritePlan | null } = {
    get plan() {
      return plan;
    },
    failureSemantics: "as-it-was",

    async prepare(context: WriterPrepareContext): Promise<void> {
      admin = await connectHologres(config);
      const server = await detectServer(admin);
      context.log(`Writer: connected to ${server.flavour === "hologres" ? "Hologres" : "PostgreSQL"} (${server.version.split(" on ")[0]}) at ${config.host}:${config.port}/${config.database}.`);
      let name: QualifiedName;
      try {
        name = parseQualifiedName(parameter.table);
      } catch (error) {
        throw new SyncError(error instanceof SyncError ? error.code : "INVALID_JOB_SPEC", `Writer table: ${(error as Error).message}`);
      }
      const info = await describeTable(admin, name);
      if (!info) {
        throw new SyncError(
          "TARGET_TABLE_NOT_FOUND",
          `Target table ${formatQualifiedName(name)} does not exist in database "${config.database}": create it first (the wizard's Create Table offers the DDL) or fix the table name.`,
          { details: { table: formatQualifiedName(name) } },
        );
      }
      const mapped = resolveWriterColumns(parameter.column, info, context.sourceColumns);
      checkTypes(context.sourceColumns, mapped, info);

      // Partitions: Hologres allows one level, PARTITION BY LIST; data goes into the child.
      let target: QualifiedName = name;
      const appendedColumns: string[] = [];
      const appendedValues: string[] = [];
      if (parameter.partition && parameter.partition.trim() !== "") {
        const { column, value } = parseWriterPartition(parameter.partition);
        if (info.kind !== "partitioned") {
          throw new SyncError("TARGET_PARTITION_INVALID", `The writer names partition "${parameter.partition}" but ${formatQualifiedName(name)} is not a partitioned table: clear the writer's partition or pick the partitioned parent table.`);
        }
        if (info.partitionStrategy !== "list" || !info.partitionColumn) {
          throw new SyncError("TARGET_PARTITION_INVALID", `${formatQualifiedName(name)} is not partitioned by LIST on one column; Hologres targets use PARTITION BY LIST (column).`);
        }
        if (column.toLowerCase() !== info.partitionColumn.toLowerCase()) {
          throw new SyncError("TARGET_PARTITION_INVALID", `The writer's partition names column "${column}" but ${formatQualifiedName(name)} is partitioned by "${info.partitionColumn}".`);
        }
        const { child, created } = await findOrCreatePartitionChild(admin, info, value);
        context.log(`Writer: writing partition ${info.partitionColumn}='${value.replace(/'/g, "''")}' into child table ${formatQualifiedName(child)} (${created ? "created" : "existing"}).`);
        target = child;
        if (!mapped.some((c) => c.name === info.partitionColumn)) {
          appendedColumns.push(info.partitionColumn);
          appendedValues.push(value);
        }
      } else if (info.kind === "partitioned") {
        throw new SyncError(
          "TARGET_PARTITION_INVALID",
          `${formatQualifiedName(name)} is partitioned by "${info.partitionColumn}": set the writer's partition, for example ${info.partitionColumn}=\${bizdate}.`,
        );
      }

      const columns = [...mapped.map((c) => c.name), ...appendedColumns];
      writtenColumns = columns.map((column, i) => ({ name: column, target: info.columns.find((c) => c.name === column)!, sourceType: context.sourceColumns[i]?.type ?? "string" }));
      const primaryKey = info.primaryKey;
      const missingKey = primaryKey.filter((k) => !columns.includes(k));
      if (missingKey.length > 0) {
        throw new SyncError(
          "TARGET_COLUMN_NOT_FOUND",
          `Primary key column${missingKey.length > 1 ? "s" : ""} ${missingKey.map((k) => `"${k}"`).join(", ")} of ${formatQualifiedName(name)} ${missingKey.length > 1 ? "are" : "is"} not mapped: map ${missingKey.length > 1 ? "them" : "it"} from a reader column.`,
        );
      }
      const unmapped = info.columns.filter((c) => !columns.includes(c.name) && !primaryKey.includes(c.name)).map((c) => c.name);
      const hasKey = primaryKey.length > 0;
      const isHologres = server.flavour === "hologres";
      const transactionMode: TransactionMode = isHologres ? "autocommit" : hasKey ? "perBatch" : "held";
      let conflictClause = hasKey ? buildConflictClause(parameter.conflictMode, columns, primaryKey, unmapped) : "";
      let copyColumns = columns;
      let paddedWidth = columns.length;
      let copyOptions = "";
      if (isHologres && hasKey) {
        // Hologres' fixed copy takes the conflict policy itself. Replace writes the whole row:
        // unmapped columns are sent as NULL, so ON_CONFLICT UPDATE overwrites them too.
        if (parameter.conflictMode === "replace") {
          copyColumns = [...columns, ...unmapped];
          paddedWidth = copyColumns.length;
        }
        // SQL mode on Hologres sends the same padded rows; the update sets every sent column.
        conflictClause = buildConflictClause(parameter.conflictMode === "ignore" ? "ignore" : "update", copyColumns, primaryKey, []);
        copyOptions = ` WITH (STREAM_MODE TRUE, ON_CONFLICT ${parameter.conflictMode === "ignore" ? "IGNORE" : "UPDATE"})`;
      }
      const sourceWidth = context.sourceColumns.length;
      plan = {
        server,
        target,
        columns: copyColumns,
        appendedValues,
        paddedWidth,
        primaryKey,
        conflictClause,
        mode: parameter.writeMode,
        transactionMode,
        useStaging: parameter.writeMode === "sdk" && hasKey && !isHologres,
        copyOptions,
        batchRows: parameter.batchSize ?? (parameter.writeMode === "sdk" ? DEFAULT_COPY_BATCH_ROWS : DEFAULT_SQL_BATCH_ROWS),
        dateColumns: context.sourceColumns.flatMap((c, i) => (/^date$/i.test(c.type) && i < sourceWidth ? [i] : [])),
        jsonArrayColumns: context.sourceColumns.flatMap((c, i) => (/^array\s*</i.test(c.type) && mapped[i]!.category !== "A" ? [i] : [])),
        sourceWidth,
      };
      (writer as { failureSemantics: TargetWriter["failureSemantics"] }).failureSemantics = hasKey
        ? "rerun-repairs"
        : transactionMode === "held"
          ? parameter.truncate
            ? "rerun-repairs"
            : "as-it-was"
          : parameter.truncate
            ? "rerun-repairs"
            : "partial";
      context.log(
        `Writer: ${parameter.writeMode === "sdk" ? "fast write (COPY)" : "SQL (INSERT INTO)"} into ${formatQualifiedName(target)} (${columns.join(", ")})` +
          (hasKey ? `, primary key (${primaryKey.join(", ")}), conflict mode ${parameter.conflictMode}` : ", no primary key: conflict mode does not apply") +
          ".",
      );

      for (const statement of toList(parameter.preSql)) {
        context.signal.throwIfAborted();
        try {
          await admin.query(statement);
          context.log(`Writer: preSql done: ${statement}`);
        } catch (error) {
          throw new SyncError("PRE_SQL_FAILED", `preSql failed: ${statement}: ${redact((error as Error).message, config)}`, { cause: error });
        }
      }
      if (parameter.truncate) {
        context.signal.throwIfAborted();
        await admin.query(`TRUNCATE TABLE ${quoteQualifiedName(target)}`);
        truncated = true;
        context.log(`Writer: truncated ${formatQualifiedName(target)}.`);
      }
    },

    async openChannel(context: WriterChannelContext): Promise<WriterChannel> {
      if (!plan) throw new SyncError("INTERNAL", "openChannel called before prepare.");
      const connect = () => connectHologres(config, { applicationName: WRITER_APPLICATION_NAME });
      const client = await connect();
      const channel = new HologresChannel(client, plan, context, config, { dataSource: parameter.datasource, connect, nextBatchNumber: () => ++batchCount });
      await channel.open();
      channels.push(channel);
      return channel;
    },

    acceptsCopyText(): boolean {
      // The source's rows as they are: no appended partition value, no NULL padding, no array sent as JSON.
      return plan !== null && plan.mode === "sdk" && plan.appendedValues.length === 0 && plan.paddedWidth === plan.sourceWidth && plan.jsonArrayColumns.length === 0;
    },

    verification({ checksum }) {
      if (!plan) return null;
      return createTargetVerification({
        config,
        server: plan.server,
        target: plan.target,
        columns: writtenColumns,
        appendedValues: plan.appendedValues,
        textForm: plan.mode === "sdk" ? "copy" : "sql",
        dateColumns: plan.dateColumns,
        primaryKey: plan.primaryKey,
        checksum,
      });
    },

    async finish(context): Promise<void> {
      if (!admin) return;
      for (const statement of toList(parameter.postSql)) {
        context.signal.throwIfAborted();
        try {
          await admin.query(statement);
          context.log(`Writer: postSql done: ${statement}`);
        } catch (error) {
          throw new SyncError("POST_SQL_FAILED", `postSql failed: ${statement}: ${redact((error as Error).message, config)}`, { cause: error });
        }
      }
    },

    describeFailure({ committedRecords, rolledBackRecords }): TargetOutcome {
      return describeTargetAfterFailure({
        transactionMode: plan?.transactionMode ?? "held",
        hasKey: (plan?.primaryKey.length ?? 0) > 0,
        truncated,
        committedRecords,
        rolledBackRecords,
      });
    },

    async close(): Promise<void> {
      await Promise.all(channels.map((c) => c.close().catch(() => {})));
      if (admin) await admin.end().catch(() => {});
      admin = null;
    },
  };
  return writer;
}

const formatRows = (n: number): string => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;

/**
 * What a failed or cancelled run left in the target, per write mode, from the rows
 * committed (counted when their COMMIT succeeded, so never rows that were rolled back).
 */
export function describeTargetAfterFailure(options: {
  transactionMode: TransactionMode;
  hasKey: boolean;
  truncated: boolean;
  committedRecords: number;
  rolledBackRecords: number;
}): TargetOutcome {
  const { transactionMode, hasKey, truncated, committedRecords, rolledBackRecords } = options;
  const held = `the ${formatRows(committedRecords)}`;
  if (transactionMode === "held") {
    const undone = rolledBackRecords > 0 ? `, undoing the ${formatRows(rolledBackRecords)} written in it` : "";
    if (committedRecords === 0) {
      return truncated
        ? { state: "rerun-repairs", statement: `The target was truncated before writing and holds none of this run's rows: the run's transaction was rolled back${undone}. A rerun truncates and refills it.` }
        : { state: "unchanged", statement: `The target is as it was before the run: the run's transaction was rolled back${undone}.` };
    }
    // Channels COMMIT one after another at the end; a failure between two leaves the first ones' rows.
    return truncated
      ? { state: "rerun-repairs", statement: `The target was truncated and holds ${held} of the channels that committed before the failure; the others were rolled back. A rerun truncates and refills it.` }
      : {
          state: "partial",
          statement: `The target holds ${held} of the channels that committed before the failure; the others were rolled back. Delete those rows (or truncate the table) before rerunning, or a rerun adds them again.`,
        };
  }
  // One transaction per batch (a primary key on PostgreSQL) or none (Hologres): committed batches stay.
  const before = truncated ? "The target was truncated and holds" : "The target holds";
  if (committedRecords === 0) {
    return truncated
      ? { state: "rerun-repairs", statement: "The target was truncated and holds none of this run's rows: no batch was committed. A rerun refills it." }
      : { state: "unchanged", statement: "The target is as it was before the run: no batch was committed." };
  }
  if (hasKey) {
    return { state: "rerun-repairs", statement: `${before} ${held} of the batches committed before the failure, written by primary key; a rerun writes them again by key, never twice, and completes the table.` };
  }
  return truncated
    ? { state: "rerun-repairs", statement: `${before} ${held} of the batches committed before the failure. A rerun truncates and refills it.` }
    : {
        state: "partial",
        statement: `${before} ${held} of the batches committed before the failure (no primary key, no transaction for the run): delete them or set truncate before rerunning, or a rerun adds them again.`,
      };
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseWriterPartition(text: string): { column: string; value: string } {
  const trimmed = text.trim();
  if (/[,/]/.test(trimmed.replace(/^[^=]*=/, "")) && trimmed.split("=").length > 2) {
    throw new SyncError("TARGET_PARTITION_INVALID", `Writer partition "${text}" has several levels; Hologres tables have one partition level: use column=value.`);
  }
  const eq = trimmed.indexOf("=");
  if (eq <= 0) throw new SyncError("TARGET_PARTITION_INVALID", `Writer partition "${text}" is not column=value (for example sale_date=\${bizdate}).`);
  const column = trimmed.slice(0, eq).trim();
  let value = trimmed.slice(eq + 1).trim();
  if (/^'.*'$/.test(value)) value = value.slice(1, -1);
  if (value === "") throw new SyncError("TARGET_PARTITION_INVALID", `Writer partition "${text}" has an empty value.`);
  return { column, value };
}

function checkTypes(sourceColumns: SourceColumn[], targetColumns: HologresColumn[], info: HologresTableInfo): void {
  const problems: string[] = [];
  sourceColumns.forEach((source, i) => {
    const target = targetColumns[i]!;
    const reason = incompatibilityReason(source.type, target);
    if (reason) problems.push(`reader column "${source.name}" (${source.type.toUpperCase()}) -> ${info.table}."${target.name}" (${target.type}): ${reason}`);
  });
  if (problems.length > 0) {
    throw new SyncError("TARGET_TYPE_MISMATCH", `Type mismatch: ${problems.join("; ")}. Change the target column type or the mapping.`, {
      details: { problems },
    });
  }
}

function buildConflictClause(mode: HoloWriterParameter["conflictMode"], columns: string[], primaryKey: string[], unmapped: string[]): string {
  const keys = primaryKey.map(quoteIdentifier).join(", ");
  const updatable = columns.filter((c) => !primaryKey.includes(c));
  if (mode === "ignore") return ` ON CONFLICT (${keys}) DO NOTHING`;
  const sets = updatable.map((c) => `${quoteIdentifier(c)} = EXCLUDED.${quoteIdentifier(c)}`);
  // Replace writes the whole row: a column the job does not map gets what a fresh insert
  // would give it (its default, NULL when it has none).
  if (mode === "replace") sets.push(...unmapped.map((c) => `${quoteIdentifier(c)} = DEFAULT`));
  if (sets.length === 0) return ` ON CONFLICT (${keys}) DO NOTHING`;
  return ` ON CONFLICT (${keys}) DO UPDATE SET ${sets.join(", ")}`;
}

type CopyStream = ReturnType<typeof copyFrom>;

/** How a channel reaches its server again, and what it names in messages. */
type ChannelSession = {
  /** The data source's name, for messages. */
  dataSource: string;
  /** A new connection (the channel then sets its session up again). */
  connect: () => Promise<pg.Client>;
  /** Numbers batches across the run's channels, for the log. */
  nextBatchNumber: () => number;
};

/** One channel: one connection, one batch at a time. */
class HologresChannel implements WriterChannel {
  private readonly encoder: CopyTextEncoder;
  private readonly quotedTarget: string;
  private readonly quotedColumns: string;
  private readonly stagingName = quoteIdentifier("synclane_staging");
  private client: pg.Client;
  /**
   * Writing a batch twice is harmless with a primary key (every write is by key: Replace,
   * Ignore and Update give the same row again) when each batch is its own transaction, so a
   * batch cut off by a lost connection is written again on a new one. Without a key a repeat
   * could add rows twice, and a run's transaction dies with its connection.
   */
  private readonly repeatable: boolean;
  /** The first error the connection reported (57P01 ...); later ones only say it is unusable. */
  private connectionFailure: unknown = null;
  // Fast-mode batch state: the encoded chunks are kept until the batch succeeds, so a
  // refused batch can be split, or a batch whose connection was lost sent again, without
  // re-reading or re-encoding.
  private chunks: Buffer[] = [];
  /** Releases of the reader's batches whose last bytes are in the open COPY batch. */
  private releases: Array<() => void> = [];
  private batchRows = 0;
  private batchBytes = 0;
  private copy: CopyStream | null = null;
  private copyError: unknown = null;
  private copyFinished: Promise<void> | null = null;
  private inTransaction = false;
  /** Rows in the open transaction of a `held` channel: written once COMMIT succeeds. */
  private uncommitted = { records: 0, bytes: 0 };
  // SQL-mode batch state.
  private pendingRows: Array<Array<string | null>> = [];
  private closed = false;

  constructor(
    client: pg.Client,
    private readonly plan: WritePlan,
    private readonly context: WriterChannelContext,
    private readonly config: HologresConfig,
    private readonly session: ChannelSession,
  ) {
    this.encoder = new CopyTextEncoder({ dateColumns: plan.dateColumns });
    this.quotedTarget = quoteQualifiedName(plan.target);
    this.quotedColumns = plan.columns.map(quoteIdentifier).join(", ");
    this.repeatable = plan.primaryKey.length > 0 && plan.transactionMode !== "held";
    this.client = client;
    this.watch(client);
  }

  /** Sets the session up: the staging table, the run's transaction. Again after a reconnect. */
  async open(): Promise<void> {
    if (this.plan.useStaging) {
      await this.client.query(
        `CREATE TEMP TABLE ${this.stagingName} ON COMMIT DELETE ROWS AS SELECT ${this.quotedColumns} FROM ${this.quotedTarget} WITH NO DATA`,
      );
    }
    if (this.plan.transactionMode === "held") {
      await this.client.query("BEGIN");
      this.inTransaction = true;
    }
  }

  // --- a lost connection ---------------------------------------------------------------
  private watch(client: pg.Client): void {
    client.on("error", (error) => {
      // "Connection terminated unexpectedly" follows the server's 57P01; keep the one with a code.
      if (client === this.client && (this.connectionFailure === null || (!hasCode(this.connectionFailure) && hasCode(error)))) this.connectionFailure = error;
    });
  }

  /** True when `error` comes from a connection that is gone (and not because the run closed it). */
  private lostConnection(error: unknown): boolean {
    if (this.closed || this.context.signal.aborted) return false;
    if (error instanceof SyncError || isDataError(error)) return false;
    return this.connectionFailure !== null || isConnectionLost(error);
  }

  /** What happened: the error's own SQLSTATE or errno when it has one, else what the connection reported. */
  private describeLoss(error: unknown): string {
    return describeConnectionLoss(hasCode(error) ? error : (this.connectionFailure ?? error), this.config);
  }

  private connectionLost(what: string, consequence: string, cause: unknown): SyncError {
    return connectionLostError({ dataSource: this.session.dataSource, config: this.config, table: formatQualifiedName(this.plan.target), what, consequence, cause });
  }

  /** A new connection with the session set up as the first one was. */
  private async reconnect(): Promise<void> {
    await this.client.end().catch(() => {});
    const client = await this.session.connect();
    if (this.closed) {
      await client.end().catch(() => {});
      this.context.signal.throwIfAborted();
      throw new SyncError("CANCELLED", "The run was cancelled.");
    }
    this.client = client;
    this.connectionFailure = null;
    this.watch(client);
    await this.open();
  }

  /**
   * `attempt` failed because the connection was lost: where a repeat is harmless, reconnect
   * and repeat it, at most RECONNECT_DELAYS_MS.length times, each logged with its reason. A
   * failure that is not about the connection (a refused row) is thrown as it is.
   */
  private async repeatOnNewConnection(options: { batch: number; rows: number; error: unknown; attempt: () => Promise<void> }): Promise<void> {
    const { batch, rows, attempt } = options;
    let reason = this.describeLoss(options.error);
    if (!this.repeatable) throw this.connectionLost(reason, this.notRepeated(`batch #${batch} (${formatRows(rows)})`), options.error);
    let lastError = options.error;
    for (let retry = 1; retry <= RECONNECT_DELAYS_MS.length; retry++) {
      this.context.log(`Writer: retry ${retry}/${RECONNECT_DELAYS_MS.length} of batch #${batch} (${formatRows(rows)}) after: ${reason}.`, "warn");
      await sleep(RECONNECT_DELAYS_MS[retry - 1]!, undefined, { signal: this.context.signal });
      try {
        await this.reconnect();
        await attempt();
        this.context.log(`Writer: batch #${batch} written on a new connection (retry ${retry}/${RECONNECT_DELAYS_MS.length}).`);
        return;
      } catch (error) {
        if (this.closed || this.context.signal.aborted) throw error;
        // The server may still be down: connecting again fails as unreachable.
        const unreachable = error instanceof SyncError && (error.code === "TARGET_UNREACHABLE" || error.code === "TARGET_TIMEOUT");
        if (!unreachable && !this.lostConnection(error)) throw error;
        reason = unreachable ? `connecting again failed: ${error.message}` : this.describeLoss(error);
        lastError = error;
      }
    }
    throw this.connectionLost(
      reason,
      `Batch #${batch} was written again on a new connection ${RECONNECT_DELAYS_MS.length} times and failed each time: check that the server is up and reachable from this resource group, then rerun (writes by primary key: a rerun repairs the table).`,
      lastError,
    );
  }

  /** Why a write without a primary key is not repeated on a new connection. */
  private notRepeated(batch = "the batch in flight"): string {
    return this.plan.transactionMode === "held"
      ? "The run's transaction on that connection died with it (the server rolled it back), so the run cannot go on: rerun it."
      : `Without a primary key ${batch} is not written again: whether the server committed it before the connection was lost is unknown, and writing it twice would add its rows twice.`;
  }

  /** Runs an attempt; a lost connection repeats it on a new one (where harmless). */
  private async withReconnect(batch: number, rows: number, attempt: () => Promise<void>): Promise<void> {
    try {
      await attempt();
    } catch (error) {
      if (!this.lostConnection(error)) throw error;
      await this.repeatOnNewConnection({ batch, rows, error, attempt });
    }
  }

  /**
   * A batch whose attempt failed: written again on a new connection when the connection was
   * lost, else (or when the repeat is refused for its data) split to find the dirty rows.
   */
  private async settleFailedBatch<T extends Buffer | Array<string | null>>(options: {
    batch: number;
    error: unknown;
    items: T[];
    bytes: number;
    attempt: (items: T[]) => Promise<void>;
  }): Promise<void> {
    const { batch, items, attempt } = options;
    let error = options.error;
    if (this.lostConnection(error)) {
      try {
        await this.repeatOnNewConnection({ batch, rows: items.length, error, attempt: () => attempt(items) });
        this.reportBatch(items.length, options.bytes);
        return;
      } catch (repeatError) {
        if (!isDataError(repeatError)) throw this.fatal(repeatError);
        error = repeatError;
      }
    }
    await this.isolateFailure(error, items, (part) => this.withReconnect(batch, part.length, () => attempt(part)));
  }

  // --- transaction steps around one attempt --------------------------------------------
  private async beginAttempt(): Promise<void> {
    if (this.plan.transactionMode === "held") await this.client.query("SAVEPOINT synclane_batch");
    else if (this.plan.transactionMode === "perBatch") await this.client.query("BEGIN");
  }

  private async endAttempt(ok: boolean): Promise<void> {
    const mode = this.plan.transactionMode;
    // ROLLBACK TO keeps the savepoint; releasing it too keeps savepoints from nesting deeper with every refused batch.
    if (mode === "held") await this.client.query(ok ? "RELEASE SAVEPOINT synclane_batch" : "ROLLBACK TO SAVEPOINT synclane_batch; RELEASE SAVEPOINT synclane_batch");
    else if (mode === "perBatch") await this.client.query(ok ? "COMMIT" : "ROLLBACK");
  }

  /** Undoes a failed attempt; on a lost connection there is nothing to undo (the server did). */
  private async abandonAttempt(error: unknown): Promise<void> {
    if (this.lostConnection(error)) return;
    try {
      await this.endAttempt(false);
    } catch (rollbackError) {
      if (!this.lostConnection(rollbackError)) throw rollbackError;
    }
  }

  /** A batch the server accepted: committed now, or in the run's transaction until `commit()`. */
  private reportBatch(records: number, bytes: number): void {
    if (this.plan.transactionMode !== "held") {
      this.context.reportWritten(records, bytes);
      return;
    }
    this.uncommitted.records += records;
    this.uncommitted.bytes += bytes;
    this.context.reportUncommitted(records, bytes);
  }

  // --- fast mode -----------------------------------------------------------------------
  private copySql(): string {
    if (this.plan.useStaging) return `COPY ${this.stagingName} (${this.quotedColumns}) FROM STDIN`;
    return `COPY ${this.quotedTarget} (${this.quotedColumns}) FROM STDIN${this.plan.copyOptions}`;
  }

  private async startCopy(): Promise<void> {
    await this.beginAttempt();
    const copy = this.client.query(copyFrom(this.copySql()));
    this.copy = copy;
    this.copyError = null;
    this.copyFinished = new Promise<void>((resolve) => {
      copy.on("finish", () => resolve());
      copy.on("error", (error) => {
        this.copyError = error;
        resolve();
      });
    });
  }

  /**
   * Sends one chunk, at most one write outstanding. After a server error, or a lost
   * connection, the rest of the batch is only kept: the batch's end settles it.
   */
  private async sendChunk(chunk: Buffer): Promise<void> {
    await this.context.acquireBytes(chunk.length);
    this.context.signal.throwIfAborted();
    this.chunks.push(chunk);
    this.batchBytes += chunk.length;
    if (this.copyError) return;
    try {
      if (!this.copy) await this.startCopy();
      if (this.copyError) return;
      const copy = this.copy!;
      await Promise.race([new Promise<void>((resolve) => copy.write(chunk, () => resolve())), this.copyFinished]);
    } catch (error) {
      // BEGIN on a connection that is gone, or a write into a COPY whose connection closed
      // (the COPY's own error, when it came first, says more).
      this.copyError ??= error;
    }
  }

  private async writeFast(rows: RowValue[][]): Promise<void> {
    const width = this.plan.paddedWidth;
    const appended = this.plan.appendedValues;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let a = 0; a < appended.length; a++) row.push(appended[a]!);
      this.encoder.appendRow(row, width);
      if (this.encoder.isChunkFull) await this.sendChunk(this.encoder.takeChunk()!);
      this.batchRows += 1;
      if (this.batchRows >= this.plan.batchRows || this.batchBytes >= COPY_BATCH_BYTES) await this.finishFastBatch();
    }
  }

  /** Rows already COPY text: sent as they are, cut at line ends where a batch ends. */
  async writeCopyText({ rowCount, bytes, release }: CopyTextBatch): Promise<void> {
    const pending = this.encoder.takeChunk();
    if (pending) await this.sendChunk(pending);
    let offset = 0;
    let remaining = rowCount;
    while (remaining > 0) {
      const room = this.plan.batchRows - this.batchRows;
      let take = remaining;
      let end = bytes.length;
      if (remaining > room) {
        take = room;
        end = offset;
        for (let i = 0; i < room; i++) end = bytes.indexOf(0x0a, end) + 1;
      }
      await this.sendChunk(bytes.subarray(offset, end));
      this.batchRows += take;
      offset = end;
      remaining -= take;
      // The reader's buffer may be reused once the last COPY batch holding its bytes is done.
      if (remaining === 0 && release) this.releases.push(release);
      if (this.batchRows >= this.plan.batchRows || this.batchBytes >= COPY_BATCH_BYTES) await this.finishFastBatch();
    }
  }

  private async finishFastBatch(): Promise<void> {
    const last = this.encoder.takeChunk();
    if (last) await this.sendChunk(last);
    if (this.batchRows === 0) return;
    const rows = this.batchRows;
    const bytes = this.batchBytes;
    const chunks = this.chunks;
    const releases = this.releases;
    this.chunks = [];
    this.releases = [];
    this.batchRows = 0;
    this.batchBytes = 0;
    const batch = this.session.nextBatchNumber();
    const copy = this.copy;
    this.copy = null;
    let error = this.copyError;
    try {
      if (!error && copy) {
        copy.end();
        await this.copyFinished;
        error = this.copyError;
      }
      if (!error && this.plan.useStaging) await this.merge();
      if (!error) await this.endAttempt(true);
    } catch (endError) {
      error = this.copyError ?? endError;
    }
    this.copyError = null;
    if (!error) {
      this.reportBatch(rows, bytes);
    } else {
      await this.abandonAttempt(error);
      await this.settleFailedBatch({ batch, error, items: splitCopyLines(chunks), bytes, attempt: (lines) => this.copyLines(lines) });
    }
    // Only now are the kept bytes no longer needed; a batch that failed the run keeps them (to the GC).
    for (const done of releases) done();
  }

  private async merge(): Promise<void> {
    await this.client.query(`INSERT INTO ${this.quotedTarget} (${this.quotedColumns}) SELECT ${this.quotedColumns} FROM ${this.stagingName}${this.plan.conflictClause}`);
  }

  /** One attempt: COPY these lines (and merge them when staging), all or nothing. */
  private async copyLines(lines: Buffer[]): Promise<void> {
    await this.beginAttempt();
    let copyFailure: unknown = null;
    try {
      const copy = this.client.query(copyFrom(this.copySql()));
      const done = new Promise<void>((resolve, reject) => {
        copy.on("finish", () => resolve());
        copy.on("error", (error) => {
          copyFailure ??= error;
          reject(error);
        });
      });
      done.catch(() => {});
      // Group lines into ~256 KB messages.
      let group: Buffer[] = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        if (group.length === 0) return;
        const data = group.length === 1 ? group[0]! : Buffer.concat(group, size);
        group = [];
        size = 0;
        await Promise.race([new Promise<void>((resolve) => copy.write(data, () => resolve())), done]);
      };
      for (const line of lines) {
        group.push(line);
        size += line.length;
        if (size >= 256 * 1024) await flush();
      }
      await flush();
      copy.end();
      await done;
      if (this.plan.useStaging) await this.merge();
    } catch (error) {
      // A write into a COPY whose connection closed throws a TypeError of its own; the COPY's error says what happened.
      const cause = copyFailure ?? error;
      await this.abandonAttempt(cause);
      throw cause;
    }
    await this.endAttempt(true);
  }

  // --- SQL mode ------------------------------------------------------------------------
  private async writeSql(rows: RowValue[][]): Promise<void> {
    const width = this.plan.paddedWidth;
    const appended = this.plan.appendedValues;
    for (const row of rows) {
      const params: Array<string | null> = new Array(width);
      for (let i = 0; i < width; i++) {
        const value = i < row.length ? row[i]! : i - row.length < appended.length ? appended[i - row.length]! : null;
        params[i] = valueToText(value);
      }
      this.pendingRows.push(params);
      if (this.pendingRows.length >= this.plan.batchRows) await this.finishSqlBatch();
    }
  }

  private rowsPerStatement(): number {
    return Math.max(1, Math.min(this.plan.batchRows, Math.floor(MAX_BIND_PARAMETERS / this.plan.columns.length)));
  }

  private async insertRows(rows: Array<Array<string | null>>): Promise<void> {
    const width = this.plan.columns.length;
    const perStatement = this.rowsPerStatement();
    await this.beginAttempt();
    try {
      for (let start = 0; start < rows.length; start += perStatement) {
        const slice = rows.slice(start, start + perStatement);
        const values: Array<string | null> = [];
        const tuples: string[] = [];
        let n = 1;
        for (const row of slice) {
          const placeholders: string[] = [];
          for (let i = 0; i < width; i++) {
            placeholders.push(`$${n++}`);
            values.push(row[i] ?? null);
          }
          tuples.push(`(${placeholders.join(", ")})`);
        }
        await this.client.query(`INSERT INTO ${this.quotedTarget} (${this.quotedColumns}) VALUES ${tuples.join(", ")}${this.plan.conflictClause}`, values);
      }
    } catch (error) {
      await this.abandonAttempt(error);
      throw error;
    }
    await this.endAttempt(true);
  }

  private async finishSqlBatch(): Promise<void> {
    if (this.pendingRows.length === 0) return;
    const rows = this.pendingRows;
    this.pendingRows = [];
    const bytes = rows.reduce((sum, row) => sum + row.reduce((s, v) => s + (v === null ? 2 : Buffer.byteLength(v)) + 1, 0), 0);
    await this.context.acquireBytes(bytes);
    this.context.signal.throwIfAborted();
    const batch = this.session.nextBatchNumber();
    try {
      await this.insertRows(rows);
      this.reportBatch(rows.length, bytes);
    } catch (error) {
      await this.settleFailedBatch({ batch, error, items: rows, bytes, attempt: (part) => this.insertRows(part) });
    }
  }

  // --- dirty-record isolation ----------------------------------------------------------
  /**
   * A refused batch is split in halves until single rows remain (DataX retries row by row;
   * halving finds the same rows with far fewer round trips). Clean parts are written; a
   * single refused row is a dirty record. Errors that are not about the data (connection,
   * missing table, permissions) fail the run instead of turning every row dirty.
   */
  private async isolateFailure<T extends Buffer | Array<string | null>>(error: unknown, items: T[], attempt: (items: T[]) => Promise<void>): Promise<void> {
    if (!isDataError(error) && !isRetryableConflict(error)) throw this.fatal(error);
    if (items.length === 1 && isDataError(error)) {
      await this.reportDirtyItem(items[0]!, error);
      return;
    }
    const queue: T[][] = items.length > 1 ? [items.slice(0, items.length >> 1), items.slice(items.length >> 1)] : [items];
    while (queue.length > 0) {
      this.context.signal.throwIfAborted();
      const part = queue.shift()!;
      try {
        await this.withConflictRetry(() => attempt(part));
        this.reportBatch(part.length, part.reduce((s, item) => s + itemBytes(item), 0));
      } catch (partError) {
        if (!isDataError(partError)) throw this.fatal(partError);
        if (part.length === 1) await this.reportDirtyItem(part[0]!, partError);
        else queue.unshift(part.slice(0, part.length >> 1), part.slice(part.length >> 1));
      }
    }
  }

  private async withConflictRetry(run: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!isRetryableConflict(error) || attempt >= 5) throw error;
        await sleep(50 * attempt, undefined, { signal: this.context.signal });
      }
    }
  }

  /**
   * INSERT errors do not say which column refused a value ("value too long for type
   * character varying(5)"); COPY's context line does. On PostgreSQL the refused row is
   * replayed through COPY in a savepoint that is always rolled back, to name the column.
   */
  private async probeColumn(texts: Array<string | null>): Promise<string | null> {
    if (this.plan.server.flavour !== "postgres") return null;
    const line = Buffer.from(texts.map((t) => (t === null ? "\\N" : t.replace(/[\\\n\r\t]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!))).join("\t") + "\n");
    const held = this.plan.transactionMode === "held";
    try {
      await this.client.query(held ? "SAVEPOINT synclane_probe" : "BEGIN");
      const copy = this.client.query(copyFrom(`COPY ${this.quotedTarget} (${this.quotedColumns}) FROM STDIN`));
      const outcome = new Promise<unknown>((resolve) => {
        copy.on("finish", () => resolve(null));
        copy.on("error", (e) => resolve(e));
      });
      copy.end(line);
      const error = await outcome;
      await this.client.query(held ? "ROLLBACK TO SAVEPOINT synclane_probe; RELEASE SAVEPOINT synclane_probe" : "ROLLBACK");
      return error ? blamedColumn(error, this.plan.columns) : null;
    } catch {
      return null;
    }
  }

  private async reportDirtyItem(item: Buffer | Array<string | null>, error: unknown): Promise<void> {
    const texts = Buffer.isBuffer(item) ? decodeCopyLine(item) : item;
    const values: Record<string, string | null> = {};
    this.plan.columns.forEach((column, i) => {
      values[column] = texts[i] ?? null;
    });
    const err = error as { message?: string; code?: string };
    let column = blamedColumn(error, this.plan.columns);
    if (column === null && !Buffer.isBuffer(item)) column = await this.probeColumn(item);
    const record: DirtyRecord = {
      column,
      reason: redact(err.message ?? String(error), this.config),
      sqlState: typeof err.code === "string" ? err.code : null,
      values,
    };
    this.context.reportDirty(record);
  }

  private fatal(error: unknown): Error {
    if (error instanceof SyncError || isAbortError(error)) return error as Error;
    if (this.lostConnection(error)) return this.connectionLost(this.describeLoss(error), this.notRepeated(), error);
    const err = error as { message?: string; code?: string };
    return new SyncError(
      "TARGET_WRITE_FAILED",
      `Writing to ${formatQualifiedName(this.plan.target)} failed${err.code ? ` (SQLSTATE ${err.code})` : ""}: ${redact(err.message ?? String(error), this.config)}`,
      { cause: error },
    );
  }

  // --- WriterChannel -------------------------------------------------------------------
  async write(rows: RowValue[][]): Promise<void> {
    if (this.plan.jsonArrayColumns.length > 0) arraysAsJson(rows, this.plan.jsonArrayColumns);
    if (this.plan.mode === "sdk") await this.writeFast(rows);
    else await this.writeSql(rows);
  }

  async flush(): Promise<void> {
    if (this.plan.mode === "sdk") await this.finishFastBatch();
    else await this.finishSqlBatch();
  }

  async commit(): Promise<void> {
    if (!this.inTransaction) return;
    try {
      await this.client.query("COMMIT");
    } catch (error) {
      if (!this.lostConnection(error)) throw this.fatal(error);
      throw this.connectionLost(
        this.describeLoss(error),
        `The connection was lost during the COMMIT of this channel's ${formatRows(this.uncommitted.records)}: the server either committed or rolled them back, and cannot say which now. Check the table before rerunning.`,
        error,
      );
    }
    this.inTransaction = false;
    this.context.reportCommitted(this.uncommitted.records, this.uncommitted.bytes);
    this.uncommitted = { records: 0, bytes: 0 };
  }

  /** Closing the connection makes the server roll back the open transaction and any COPY in flight. */
  async rollback(): Promise<void> {
    this.copy = null;
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Ending the connection rolls back whatever transaction is still open.
    await this.client.end().catch(() => {});
  }
}

/**
 * An ARRAY written into a json, jsonb or text column arrives as JSON (`[1,null,3]`), as
 * DataWorks hands complex types on; only an array column takes PostgreSQL's `{1,NULL,3}`.
 * Arrays holding MAP or STRUCT are JSON text already.
 */
function arraysAsJson(rows: RowValue[][], columns: number[]): void {
  for (const row of rows) {
    for (const i of columns) {
      const value = row[i];
      if (Array.isArray(value)) row[i] = maxComputeValueToJson(value);
    }
  }
}

function hasCode(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === "string";
}

function itemBytes(item: Buffer | Array<string | null>): number {
  if (Buffer.isBuffer(item)) return item.length;
  return item.reduce((s, v) => s + (v === null ? 2 : Buffer.byteLength(v)) + 1, 0);
}
