import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { formatQualifiedName } from "../../sql-identifier";
import { SyncError, isAbortError } from "../../sync-error";
import type { WriterChannelContext } from "../connector-types";
import { isDataError } from "./dirty-row-isolation";
import { formatRows } from "./failure-semantics";
import { connectionLostError, describeConnectionLoss, isConnectionLost, redact, type HologresConfig } from "./hologres-config";
import { createStagingTableSql } from "./staging-merge";
import type { WritePlan } from "./write-plan";

/** Waits before each repeat of a batch whose connection was lost: a server restart or a
 * failover takes seconds, and three tries within 7 s ride out a brief one without hiding an outage. */
const RECONNECT_DELAYS_MS = [1000, 2000, 4000];

/** How a channel reaches its server again, and what it names in messages. */
export type ChannelSession = {
  /** The data source's name, for messages. */
  dataSource: string;
  /** A new connection (the channel then sets its session up again). */
  connect: () => Promise<pg.Client>;
  /** Numbers batches across the run's channels, for the log. */
  nextBatchNumber: () => number;
};

function hasCode(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === "string";
}

/**
 * One channel's connection and the transaction steps around each attempt to write a batch:
 * BEGIN/COMMIT per batch, a SAVEPOINT inside the run's transaction, or none (Hologres). A lost
 * connection is reconnected and the attempt repeated where a repeat is harmless.
 */
export class ChannelConnection {
  client: pg.Client;
  /**
   * Writing a batch twice is harmless with a primary key (every write is by key: Replace,
   * Ignore and Update give the same row again) when each batch is its own transaction, so a
   * batch cut off by a lost connection is written again on a new one. Without a key a repeat
   * could add rows twice, and a run's transaction dies with its connection.
   */
  private readonly repeatable: boolean;
  /** The first error the connection reported (57P01 ...); later ones only say it is unusable. */
  private connectionFailure: unknown = null;
  private inTransaction = false;
  /** Rows in the open transaction of a `held` channel: written once COMMIT succeeds. */
  private uncommitted = { records: 0, bytes: 0 };
  private closed = false;

  constructor(
    client: pg.Client,
    readonly plan: WritePlan,
    readonly context: WriterChannelContext,
    readonly config: HologresConfig,
    readonly session: ChannelSession,
  ) {
    this.repeatable = plan.primaryKey.length > 0 && plan.transactionMode !== "held";
    this.client = client;
    this.watch(client);
  }

  /** Sets the session up: the staging table, the run's transaction. Again after a reconnect. */
  async open(): Promise<void> {
    if (this.plan.useStaging) await this.client.query(createStagingTableSql(this.plan));
    if (this.plan.transactionMode === "held") {
      await this.client.query("BEGIN");
      this.inTransaction = true;
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // --- a lost connection ---------------------------------------------------------------
  private watch(client: pg.Client): void {
    client.on("error", (error) => {
      // "Connection terminated unexpectedly" follows the server's 57P01; keep the one with a code.
      if (client === this.client && (this.connectionFailure === null || (!hasCode(this.connectionFailure) && hasCode(error)))) this.connectionFailure = error;
    });
  }

  /** True when `error` comes from a connection that is gone (and not because the run closed it). */
  lostConnection(error: unknown): boolean {
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
  async repeatOnNewConnection(options: { batch: number; rows: number; error: unknown; attempt: () => Promise<void> }): Promise<void> {
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
  async withReconnect(batch: number, rows: number, attempt: () => Promise<void>): Promise<void> {
    try {
      await attempt();
    } catch (error) {
      if (!this.lostConnection(error)) throw error;
      await this.repeatOnNewConnection({ batch, rows, error, attempt });
    }
  }

  // --- transaction steps around one attempt --------------------------------------------
  async beginAttempt(): Promise<void> {
    if (this.plan.transactionMode === "held") await this.client.query("SAVEPOINT synclane_batch");
    else if (this.plan.transactionMode === "perBatch") await this.client.query("BEGIN");
  }

  async endAttempt(ok: boolean): Promise<void> {
    const mode = this.plan.transactionMode;
    // ROLLBACK TO keeps the savepoint; releasing it too keeps savepoints from nesting deeper with every refused batch.
    if (mode === "held") await this.client.query(ok ? "RELEASE SAVEPOINT synclane_batch" : "ROLLBACK TO SAVEPOINT synclane_batch; RELEASE SAVEPOINT synclane_batch");
    else if (mode === "perBatch") await this.client.query(ok ? "COMMIT" : "ROLLBACK");
  }

  /** Undoes a failed attempt; on a lost connection there is nothing to undo (the server did). */
  async abandonAttempt(error: unknown): Promise<void> {
    if (this.lostConnection(error)) return;
    try {
      await this.endAttempt(false);
    } catch (rollbackError) {
      if (!this.lostConnection(rollbackError)) throw rollbackError;
    }
  }

  /** A batch the server accepted: committed now, or in the run's transaction until `commit()`. */
  reportBatch(records: number, bytes: number): void {
    if (this.plan.transactionMode !== "held") {
      this.context.reportWritten(records, bytes);
      return;
    }
    this.uncommitted.records += records;
    this.uncommitted.bytes += bytes;
    this.context.reportUncommitted(records, bytes);
  }

  fatal(error: unknown): Error {
    if (error instanceof SyncError || isAbortError(error)) return error as Error;
    if (this.lostConnection(error)) return this.connectionLost(this.describeLoss(error), this.notRepeated(), error);
    const err = error as { message?: string; code?: string };
    return new SyncError(
      "TARGET_WRITE_FAILED",
      `Writing to ${formatQualifiedName(this.plan.target)} failed${err.code ? ` (SQLSTATE ${err.code})` : ""}: ${redact(err.message ?? String(error), this.config)}`,
      { cause: error },
    );
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

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Ending the connection rolls back whatever transaction is still open.
    await this.client.end().catch(() => {});
  }
}
