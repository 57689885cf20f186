import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSourceConfig } from "./connectors";
import type { RowValue, SourceColumn } from "./connectors/connector-types";
import { describeTargetAfterFailure } from "./connectors/hologres/hologres-writer";
import type { JobSpecInput } from "./job-spec";
import { runJob, type RunLogLine } from "./runner";
import { SyncError } from "./sync-error";
import { createInMemoryReader, registryWithReader } from "./testing/in-memory-reader";
import { createTestDatabase } from "./testing/postgres-test-database";

/**
 * What "records written" and the failure summary say after a run that failed half way:
 * only committed rows count, and the summary says per write mode what the target holds.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

beforeAll(async () => {
  db = await createTestDatabase("after_failure");
  dataSources = {
    odps_first: { type: "odps", config: { endpoint: "http://127.0.0.1:1/api", project: "p", accessKeyId: "id", accessKeySecret: "secret" } },
    holo_demo: { type: "holo", config: db.config },
  };
});
afterAll(async () => {
  await db?.drop();
});

const columns: SourceColumn[] = [
  { name: "id", type: "bigint", kind: "column" },
  { name: "name", type: "string", kind: "column" },
];

const SOURCE_ROWS = 20_000;
const FAIL_AT = 15_000;

/** A source whose read breaks at row FAIL_AT, after 15 full 1,000-row batches went to the writer. */
const breakingReader = () =>
  createInMemoryReader({
    columns,
    rowCount: SOURCE_ROWS,
    rowsPerSplit: 5000,
    rows: (i): RowValue[] => {
      if (i === FAIL_AT) throw new SyncError("SOURCE_READ_FAILED", "MaxCompute: the test source broke at row 15000.");
      return [BigInt(i), `row ${i}`];
    },
  });

function spec(table: string, options: { writeMode?: "sdk" | "sql"; truncate?: boolean; conflictMode?: "replace" | "ignore" } = {}): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "t", column: ["id", "name"] } },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: {
          datasource: "holo_demo",
          table,
          column: ["id", "name"],
          writeMode: options.writeMode ?? "sdk",
          conflictMode: options.conflictMode ?? "replace",
          truncate: options.truncate ?? false,
          batchSize: 1000,
        },
      },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

async function run(job: JobSpecInput) {
  const logs: RunLogLine[] = [];
  const written: number[] = [];
  const report = await runJob(job, {
    dataSources,
    registry: registryWithReader(breakingReader()),
    readBatchSize: 500,
    onLog: (line) => logs.push(line),
    onProgress: (progress) => written.push(progress.recordsWritten),
  });
  const summary = logs.map((l) => l.message).filter((m) => /^(Total records written|Rolled back|Target)\s+:/.test(m));
  return { report, summary, written };
}

const countRows = async (table: string): Promise<number> => (await db.client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

describe("records written and the target after a failed run", () => {
  it.each(["sdk", "sql"] as const)("one transaction for the run (%s mode): a failure reports 0 written, the rows rolled back, and a target as it was", async (writeMode) => {
    const table = `whole_run_${writeMode}`;
    await db.client.query(`CREATE TABLE ${table} (id int8, name text)`);
    await db.client.query(`INSERT INTO ${table} VALUES (-1, 'before the run')`);
    const { report, summary, written } = await run(spec(table, { writeMode }));
    expect(report.status).toBe("failed");
    expect(report.error?.code).toBe("SOURCE_READ_FAILED");
    expect(report.recordsWritten).toBe(0);
    expect(report.bytesWritten).toBe(0);
    expect(report.recordsRolledBack).toBe(FAIL_AT);
    expect(Math.max(...written)).toBe(0);
    expect(report.targetState).toBe("unchanged");
    expect(summary).toEqual([
      "Total records written    : 0 (committed)",
      "Rolled back              : 15000 records (written in a transaction the run did not commit)",
      "Target                   : The target is as it was before the run: the run's transaction was rolled back, undoing the 15,000 rows written in it.",
    ]);
    expect(await countRows(table)).toBe(1);
  });

  it("one transaction for the run after a truncate: the summary says the table was emptied and holds none of the run's rows", async () => {
    await db.client.query("CREATE TABLE whole_run_truncated (id int8, name text)");
    await db.client.query("INSERT INTO whole_run_truncated VALUES (-1, 'before the run')");
    const { report, summary } = await run(spec("whole_run_truncated", { truncate: true }));
    expect(report.status).toBe("failed");
    expect(report.recordsWritten).toBe(0);
    expect(report.targetState).toBe("rerun-repairs");
    expect(summary.at(-1)).toBe(
      "Target                   : The target was truncated before writing and holds none of this run's rows: the run's transaction was rolled back, undoing the 15,000 rows written in it. A rerun truncates and refills it.",
    );
    expect(await countRows("whole_run_truncated")).toBe(0);
  });

  it.each(["sdk", "sql"] as const)("one transaction per batch (primary key, %s mode): a failure reports exactly the committed rows, which the table holds", async (writeMode) => {
    const table = `per_batch_${writeMode}`;
    await db.client.query(`CREATE TABLE ${table} (id int8 PRIMARY KEY, name text)`);
    const { report, summary, written } = await run(spec(table, { writeMode }));
    expect(report.status).toBe("failed");
    expect(report.recordsWritten).toBe(FAIL_AT);
    expect(report.recordsRolledBack).toBe(0);
    expect(await countRows(table)).toBe(report.recordsWritten);
    expect(Math.max(...written)).toBe(FAIL_AT);
    expect(report.targetState).toBe("rerun-repairs");
    expect(summary).toEqual([
      "Total records written    : 15000 (committed)",
      "Target                   : The target holds the 15,000 rows of the batches committed before the failure, written by primary key; a rerun writes them again by key, never twice, and completes the table.",
    ]);
    expect(summary.join("\n")).not.toMatch(/may hold/);
  });

  it("says per write mode what a target without run transactions (Hologres) holds", () => {
    const hologres = (options: { hasKey: boolean; truncated: boolean; committedRecords: number }) =>
      describeTargetAfterFailure({ transactionMode: "autocommit", rolledBackRecords: 0, ...options });
    expect(hologres({ hasKey: false, truncated: false, committedRecords: 0 })).toEqual({
      state: "unchanged",
      statement: "The target is as it was before the run: no batch was committed.",
    });
    expect(hologres({ hasKey: false, truncated: false, committedRecords: 50_000 })).toEqual({
      state: "partial",
      statement:
        "The target holds the 50,000 rows of the batches committed before the failure (no primary key, no transaction for the run): delete them or set truncate before rerunning, or a rerun adds them again.",
    });
    expect(hologres({ hasKey: false, truncated: true, committedRecords: 1 }).statement).toBe(
      "The target was truncated and holds the 1 row of the batches committed before the failure. A rerun truncates and refills it.",
    );
    expect(hologres({ hasKey: true, truncated: false, committedRecords: 2000 }).state).toBe("rerun-repairs");
  });
});
