import type pg from "pg";
import type { HoloWriterParameter } from "../../job-spec";
import { parseQualifiedName, quoteQualifiedName, formatQualifiedName, type QualifiedName } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import type { CopyTextBatch, RowValue, TargetOutcome, TargetWriter, WriterChannel, WriterChannelContext, WriterPrepareContext } from "../connector-types";
import { describeTable, findOrCreatePartitionChild } from "./catalog";
import { ChannelConnection } from "./channel-connection";
import { CopyBatchWriter } from "./copy-batch-writer";
import { describeTargetAfterFailure, failureSemanticsOf } from "./failure-semantics";
import { connectHologres, detectServer, redact, type HologresConfig } from "./hologres-config";
import { InsertBatchWriter } from "./insert-batch-writer";
import { toJson as maxComputeValueToJson } from "../maxcompute/maxcompute-value";
import { resolveWriterColumns } from "./writer-columns";
import { createTargetVerification } from "./target-verifier";
import type { CanonicalColumnInput } from "./canonical-text";
import { checkTypes, describePlan, planHologresWrite, resolveWriterPartition, type WritePlan } from "./write-plan";

export { isDataError } from "./dirty-row-isolation";
export { describeTargetAfterFailure } from "./failure-semantics";
export { parseWriterPartition } from "./write-plan";

/**
 * The Hologres writer: prepare (connect, describe the target, plan, partitions, preSql,
 * truncate), then one channel per lane. The parts, each its own module:
 * - write-plan.ts: columns, types, conflict clause, partitions, transaction mode;
 * - failure-semantics.ts: what a failed run leaves in the target;
 * - channel-connection.ts: a channel's connection, transaction steps, reconnects;
 * - copy-batch-writer.ts: fast mode (COPY), with staging-merge.ts for conflicts on PostgreSQL;
 * - insert-batch-writer.ts: SQL mode (INSERT);
 * - dirty-row-isolation.ts: splitting a refused batch to name its dirty rows.
 */

export type HologresWriterOptions = {
  config: HologresConfig;
  /** The writer step's parameter, parameters already resolved. */
  parameter: HoloWriterParameter;
};

/** The application_name of the channels' connections (pg_stat_activity shows which backends write). */
export const WRITER_APPLICATION_NAME = "synclane-writer";

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
      const partition = resolveWriterPartition(parameter.partition, info, name);
      if (partition) {
        const { child, created } = await findOrCreatePartitionChild(admin, info, partition.value);
        context.log(`Writer: writing partition ${partition.column}='${partition.value.replace(/'/g, "''")}' into child table ${formatQualifiedName(child)} (${created ? "created" : "existing"}).`);
        target = child;
      }

      plan = planHologresWrite({ server, info, target, partition, mapped, parameter, sourceColumns: context.sourceColumns });
      const columns = plan.columns.slice(0, mapped.length + plan.appendedValues.length);
      writtenColumns = columns.map((column, i) => ({
        name: column,
        target: info.columns.find((c) => c.name === column)!,
        sourceType: context.sourceColumns[i]?.type ?? "string",
        // Registry readers with a neutral type (MySQL, PostgreSQL) hand values on as their server's text.
        sourceText: context.sourceColumns[i]?.columnType ? "native" : "writer",
      }));
      (writer as { failureSemantics: TargetWriter["failureSemantics"] }).failureSemantics = failureSemanticsOf({
        transactionMode: plan.transactionMode,
        hasKey: plan.primaryKey.length > 0,
        truncate: parameter.truncate,
      });
      context.log(describePlan(plan, columns));

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
      const channel = new HologresChannel(new ChannelConnection(client, plan, context, config, { dataSource: parameter.datasource, connect, nextBatchNumber: () => ++batchCount }));
      await channel.open();
      channels.push(channel);
      return channel;
    },

    acceptsCopyText(): boolean {
      // The source's rows as they are: no appended partition value, no NULL padding, no array
      // sent as JSON. SQL mode sends a DATE's text as the reader gives it, where COPY text
      // rewrites years before 1 AD, so it takes COPY text only without DATE columns.
      if (plan === null || plan.appendedValues.length > 0 || plan.paddedWidth !== plan.sourceWidth || plan.jsonArrayColumns.length > 0) return false;
      return plan.mode === "sdk" || plan.dateColumns.length === 0;
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

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((s) => s.trim()).filter((s) => s.length > 0);
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

/** One channel: one connection, one batch at a time, through the COPY or the INSERT path. */
class HologresChannel implements WriterChannel {
  private readonly copy: CopyBatchWriter | null;
  private readonly insert: InsertBatchWriter | null;

  constructor(private readonly conn: ChannelConnection) {
    this.copy = conn.plan.mode === "sdk" ? new CopyBatchWriter(conn) : null;
    this.insert = conn.plan.mode === "sdk" ? null : new InsertBatchWriter(conn);
  }

  open(): Promise<void> {
    return this.conn.open();
  }

  async write(rows: RowValue[][]): Promise<void> {
    if (this.conn.plan.jsonArrayColumns.length > 0) arraysAsJson(rows, this.conn.plan.jsonArrayColumns);
    if (this.copy) await this.copy.write(rows);
    else await this.insert!.write(rows);
  }

  async writeCopyText(batch: CopyTextBatch): Promise<void> {
    if (this.copy) await this.copy.writeCopyText(batch);
    else await this.insert!.writeCopyText(batch);
  }

  async flush(): Promise<void> {
    if (this.copy) await this.copy.finishBatch();
    else await this.insert!.finishBatch();
  }

  commit(): Promise<void> {
    return this.conn.commit();
  }

  /** Closing the connection makes the server roll back the open transaction and any COPY in flight. */
  async rollback(): Promise<void> {
    this.copy?.discard();
    await this.conn.close();
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}
