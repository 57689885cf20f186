import { quoteIdentifier, quoteQualifiedName } from "../../sql-identifier";
import type { WritePlan } from "./write-plan";

/**
 * Conflict handling in fast mode on PostgreSQL, whose COPY has no ON CONFLICT: a batch is
 * COPYed into a session-temporary staging table (temporary tables write no WAL) and merged
 * into the target with one `INSERT ... SELECT ... ON CONFLICT` in the batch's transaction.
 * Hologres needs none of this: its COPY takes `ON_CONFLICT` itself.
 */

export const STAGING_TABLE = quoteIdentifier("synclane_staging");

function columnList(plan: Pick<WritePlan, "columns">): string {
  return plan.columns.map(quoteIdentifier).join(", ");
}

/** Once per connection: emptied by every COMMIT, so each batch's merge sees only its own rows. */
export function createStagingTableSql(plan: Pick<WritePlan, "columns" | "target">): string {
  return `CREATE TEMP TABLE ${STAGING_TABLE} ON COMMIT DELETE ROWS AS SELECT ${columnList(plan)} FROM ${quoteQualifiedName(plan.target)} WITH NO DATA`;
}

export function mergeSql(plan: Pick<WritePlan, "columns" | "target" | "conflictClause">): string {
  return `INSERT INTO ${quoteQualifiedName(plan.target)} (${columnList(plan)}) SELECT ${columnList(plan)} FROM ${STAGING_TABLE}${plan.conflictClause}`;
}

/** Where a COPY batch goes: the target itself (with Hologres' options), or the staging table. */
export function copySql(plan: Pick<WritePlan, "columns" | "target" | "copyOptions">, into: "target" | "staging"): string {
  if (into === "staging") return `COPY ${STAGING_TABLE} (${columnList(plan)}) FROM STDIN`;
  return `COPY ${quoteQualifiedName(plan.target)} (${columnList(plan)}) FROM STDIN${plan.copyOptions}`;
}

/**
 * Which way a channel's next batch goes. A batch none of whose keys is in the table yet
 * ends the same whether it is merged or COPYed straight into the table (no conflict, so
 * Replace, Update and Ignore all insert), and straight in writes each row once instead of
 * twice and skips ON CONFLICT's per-row checks: so with staging, batches first go straight
 * in. A batch the server refuses there (a key already in the table or twice in the batch,
 * or any other refusal) is rolled back and written again through staging, as every later
 * batch of the channel is: a table that already holds the keys costs one batch's attempt.
 */
export class StagingRoute {
  private direct: boolean;

  constructor(private readonly plan: Pick<WritePlan, "useStaging">) {
    this.direct = plan.useStaging;
  }

  /** Where the next COPY goes. */
  get into(): "target" | "staging" {
    return this.plan.useStaging && !this.direct ? "staging" : "target";
  }

  /** True when a batch is going straight into a table that needs staging for conflicts. */
  get trying(): boolean {
    return this.plan.useStaging && this.direct;
  }

  /** After a refused straight batch: every batch from now on is merged. */
  useStaging(): void {
    this.direct = false;
  }
}
