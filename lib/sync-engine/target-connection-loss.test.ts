import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSourceConfig } from "./connectors";
import type { RowValue, SourceColumn, SourceReader } from "./connectors/connector-types";
import { WRITER_APPLICATION_NAME } from "./connectors/hologres/hologres-writer";
import type { JobSpecInput } from "./job-spec";
import { runJob, type RunLogLine } from "./runner";
import { createInMemoryReader, registryWithReader } from "./testing/in-memory-reader";
import { createTestDatabase } from "./testing/postgres-test-database";

/**
 * The target drops the writer's connections in the middle of a run (pg_terminate_backend on
 * this test's own database, as an administrator or a failover would): writes by primary key
 * reconnect and write the batch again; other writes fail, saying where and what happened.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

beforeAll(async () => {
  db = await createTestDatabase("conn_loss");
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
// ~210 bytes a row: a 2,000-row batch spans two 256 KB COPY chunks, so a COPY may be open when the connection drops.
const nameOf = (i: number): string => `row ${i} ${"x".repeat(200)}`;
const expectedChecksum = createHash("md5")
  .update(Array.from({ length: SOURCE_ROWS }, (_, i) => `${i}:${nameOf(i)}`).join(","))
  .digest("hex");

// What the writer says happened. Nearly always the server's own reason; a channel that sends
// its next statement while the server's goodbye is still in flight may see only the reset.
const WHAT_HAPPENED =
  "(?:the server ended the session \\(SQLSTATE 57P01, admin_shutdown: terminating connection due to administrator command\\)|the connection was reset \\(ECONNRESET\\)|Connection terminated unexpectedly)";

/** Terminates the writer channels' backends on this test's database and waits until they are gone. */
async function dropWriterConnections(): Promise<number> {
  const { rows } = await db.client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()",
    [WRITER_APPLICATION_NAME],
  );
  await db.client.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [rows.map((r) => r.pid)]);
  for (;;) {
    const left = await db.client.query("SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])", [rows.map((r) => r.pid)]);
    if (left.rowCount === 0) return rows.length;
    await sleep(20);
  }
}

/**
 * The in-memory source, paused once `afterRows` rows went to the writer: every lane waits
 * while the writer's connections are dropped, then reading goes on.
 */
function readerThatDropsConnections(afterRows: number): { reader: SourceReader; dropped: () => number } {
  const inner = createInMemoryReader({ columns, rowCount: SOURCE_ROWS, rowsPerSplit: 2500, rows: (i): RowValue[] => [BigInt(i), nameOf(i)] });
  let yielded = 0;
  let dropping: Promise<number> | null = null;
  let dropped = 0;
  return {
    dropped: () => dropped,
    reader: {
      ...inner,
      async *read(split, options) {
        for await (const batch of inner.read(split, options)) {
          if (yielded >= afterRows) {
            dropping ??= dropWriterConnections().then((n) => (dropped = n));
            await dropping;
          }
          yielded += batch.length;
          yield batch;
        }
      },
    },
  };
}

function spec(table: string, options: { writeMode: "sdk" | "sql"; conflictMode: "replace" | "ignore" }): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "t", column: ["id", "name"] } },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: { datasource: "holo_demo", table, column: ["id", "name"], writeMode: options.writeMode, conflictMode: options.conflictMode, batchSize: 2000 },
      },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

async function tableState(table: string): Promise<{ n: number; distinct: number; checksum: string }> {
  const { rows } = await db.client.query(
    `SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct, md5(coalesce(string_agg(id::text || ':' || name, ',' ORDER BY id), '')) AS checksum FROM ${table}`,
  );
  return rows[0];
}

describe("a target connection dropped in the middle of a run", () => {
  it.each([
    { writeMode: "sdk", conflictMode: "replace" },
    { writeMode: "sql", conflictMode: "ignore" },
  ] as const)("with a primary key ($writeMode mode, $conflictMode) the writer reconnects, writes the batch again, and the run ends with exactly the source rows", async (mode) => {
    const table = `keyed_${mode.writeMode}`;
    await db.client.query(`CREATE TABLE ${table} (id int8 PRIMARY KEY, name text)`);
    const { reader, dropped } = readerThatDropsConnections(7000);
    const logs: RunLogLine[] = [];
    const report = await runJob(spec(table, mode), { dataSources, registry: registryWithReader(reader), readBatchSize: 500, onLog: (line) => logs.push(line) });
    expect(dropped()).toBe(2);
    expect(report.error).toBeNull();
    expect(report.status).toBe("succeeded");
    expect(report.recordsWritten).toBe(SOURCE_ROWS);
    expect(await tableState(table)).toEqual({ n: SOURCE_ROWS, distinct: SOURCE_ROWS, checksum: expectedChecksum });
    const retries = logs.filter((line) => line.message.startsWith("Writer: retry "));
    // Each of the two channels lost its connection once and came back at the first retry.
    expect(retries).toHaveLength(2);
    for (const retry of retries) {
      expect(retry.level).toBe("warn");
      expect(retry.message).toMatch(new RegExp(`^Writer: retry 1/3 of batch #\\d+ \\([\\d,]+ rows\\) after: ${WHAT_HAPPENED}\\.$`));
    }
    expect(logs.filter((line) => /^Writer: batch #\d+ written on a new connection \(retry 1\/3\)\.$/.test(line.message))).toHaveLength(2);
  });

  it("without a primary key the run fails naming the target, its host and database and what happened, and leaves the table as it was", async () => {
    await db.client.query("CREATE TABLE append_only (id int8, name text)");
    const { reader, dropped } = readerThatDropsConnections(7000);
    const logs: RunLogLine[] = [];
    const report = await runJob(spec("public.append_only", { writeMode: "sdk", conflictMode: "replace" }), {
      dataSources,
      registry: registryWithReader(reader),
      readBatchSize: 500,
      onLog: (line) => logs.push(line),
    });
    expect(dropped()).toBe(2);
    expect(report.status).toBe("failed");
    expect(report.error?.code).toBe("TARGET_CONNECTION_LOST");
    const endpoint = `${db.config.host}:${db.config.port}/${db.config.database}`.replace(/\./g, "\\.");
    expect(report.error?.message).toMatch(
      new RegExp(
        `^Lost the connection to Hologres target holo_demo \\(${endpoint}\\) while writing public\\.append_only: ${WHAT_HAPPENED}\\. ` +
          "The run's transaction on that connection died with it \\(the server rolled it back\\), so the run cannot go on: rerun it\\.$",
      ),
    );
    expect(logs.some((line) => line.message.startsWith("Writer: retry "))).toBe(false);
    expect(report.recordsWritten).toBe(0);
    expect(report.targetState).toBe("unchanged");
    expect(report.targetSummary).toMatch(/^The target is as it was before the run: the run's transaction was rolled back/);
    expect((await tableState("append_only")).n).toBe(0);
  });
});
