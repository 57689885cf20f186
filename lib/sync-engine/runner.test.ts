import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSourceConfig } from "./connectors";
import type { JobSpecInput } from "./job-spec";
import { runJob, type RunLogLine } from "./runner";
import { createInMemoryReader, registryWithReader } from "./testing/in-memory-reader";
import { createTestDatabase } from "./testing/postgres-test-database";
import type { RowValue, SourceColumn } from "./connectors/connector-types";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;
let dataSources: Record<string, DataSourceConfig>;

beforeAll(async () => {
  db = await createTestDatabase("runner");
  client = db.client;
  dataSources = {
    odps_first: { type: "odps", config: { endpoint: "http://127.0.0.1:1/api", project: "p", accessKeyId: "id", accessKeySecret: "secret" } },
    holo_demo: { type: "holo", config: db.config },
  };
});
afterAll(async () => {
  await db?.drop();
});

function spec(options: {
  readerColumns: string[];
  writerColumns?: string[];
  table: string;
  partition?: string;
  writeMode?: "sdk" | "sql";
  conflictMode?: "replace" | "ignore" | "update";
  truncate?: boolean;
  errorLimit?: string;
  concurrent?: number;
  mbps?: number;
  preSql?: string[];
  postSql?: string[];
}): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "t", column: options.readerColumns } },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: {
          datasource: "holo_demo",
          table: options.table,
          ...(options.partition ? { partition: options.partition } : {}),
          column: options.writerColumns ?? options.readerColumns,
          writeMode: options.writeMode ?? "sdk",
          conflictMode: options.conflictMode ?? "ignore",
          truncate: options.truncate ?? false,
          ...(options.preSql ? { preSql: options.preSql } : {}),
          ...(options.postSql ? { postSql: options.postSql } : {}),
        },
      },
    ],
    setting: {
      errorLimit: { record: options.errorLimit ?? "0" },
      speed: options.mbps ? { throttle: true, mbps: String(options.mbps), concurrent: options.concurrent ?? 2 } : { throttle: false, concurrent: options.concurrent ?? 2 },
    },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

const kv: SourceColumn[] = [
  { name: "id", type: "bigint", kind: "column" },
  { name: "name", type: "string", kind: "column" },
  { name: "score", type: "int", kind: "column" },
];

describe("runJob with PostgreSQL as the target", () => {
  it("writes every row of a multi-split source in fast mode with several channels, and reports progress and DataX log lines", async () => {
    await client.query("CREATE TABLE plain (id int8, name text, score int4)");
    const reader = createInMemoryReader({ columns: kv, rowCount: 25_000, rows: (i) => [BigInt(i), `name ${i}\twith tab`, i % 100], rowsPerSplit: 3000 });
    const logs: RunLogLine[] = [];
    const progress: number[] = [];
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "public.plain", concurrent: 3 }), {
      dataSources,
      registry: registryWithReader(reader),
      onLog: (line) => logs.push(line),
      onProgress: (p) => progress.push(p.percent ?? -1),
    });
    expect(report.error).toBeNull();
    expect(report.status).toBe("succeeded");
    expect(report.recordsWritten).toBe(25_000);
    expect(report.recordsRead).toBe(25_000);
    expect(progress.at(-1)).toBe(100);
    const { rows } = await client.query("SELECT count(*)::int AS n, count(DISTINCT id)::int AS d, sum(score)::int AS s FROM plain");
    expect(rows[0]).toEqual({ n: 25_000, d: 25_000, s: 250 * 4950 });
    const sample = await client.query("SELECT name FROM plain WHERE id = 7");
    expect(sample.rows[0].name).toBe("name 7\twith tab");
    const text = logs.map((l) => l.message).join("\n");
    expect(text).toMatch(/Total 25000 records, \d+ bytes \| Speed .*\/s, \d+ records\/s \| Error 0 records, 0 bytes \| Percentage 100\.00%/);
    expect(text).toMatch(/Total records written\s+: 25000/);
  });

  it("fails at prepare, before any row moves, on a missing table, a missing column and a type that cannot receive the source", async () => {
    await client.query("CREATE TABLE typed (id int8, name text, flag boolean)");
    const reader = () => createInMemoryReader({ columns: kv, rows: [[1n, "a", 1]] });
    const missingTable = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "nope" }), { dataSources, registry: registryWithReader(reader()) });
    expect(missingTable.error?.code).toBe("TARGET_TABLE_NOT_FOUND");
    expect(missingTable.error?.message).toContain("public.nope");
    const missingColumn = await runJob(spec({ readerColumns: ["id", "name", "score"], writerColumns: ["id", "nam", "scor"], table: "typed" }), {
      dataSources,
      registry: registryWithReader(reader()),
    });
    expect(missingColumn.error?.code).toBe("TARGET_COLUMN_NOT_FOUND");
    expect(missingColumn.error?.message).toMatch(/"nam", "scor"/);
    const mismatch = await runJob(spec({ readerColumns: ["id", "name", "score"], writerColumns: ["id", "name", "flag"], table: "typed" }), {
      dataSources,
      registry: registryWithReader(reader()),
    });
    expect(mismatch.error?.code).toBe("TARGET_TYPE_MISMATCH");
    expect(mismatch.error?.message).toMatch(/"score" \(INT\) -> typed\."flag" \(boolean\)/);
    const { rows } = await client.query("SELECT count(*)::int AS n FROM typed");
    expect(rows[0].n).toBe(0);
  });

  it("stops on an unresolved parameter before touching anything", async () => {
    const reader = createInMemoryReader({ columns: kv, rows: [[1n, "a", 1]] });
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "public.t_${region}" }), { dataSources, registry: registryWithReader(reader) });
    expect(report.status).toBe("failed");
    expect(report.error?.code).toBe("UNRESOLVED_PARAMETER");
    expect(report.error?.message).toContain("${region}");
    expect(report.targetState).toBe("not-touched");
  });

  it.each(["sdk", "sql"] as const)("replace, ignore and update each do what they say on existing rows (%s mode)", async (writeMode) => {
    const table = `kv_${writeMode}`;
    await client.query(`CREATE TABLE ${table} (id int8 PRIMARY KEY, name text, score int4, note text DEFAULT 'kept')`);
    const seed = async (): Promise<void> => {
      await client.query(`TRUNCATE ${table}`);
      await client.query(`INSERT INTO ${table} VALUES (1, 'old1', 10, 'n1'), (2, 'old2', 20, 'n2')`);
    };
    const source: RowValue[][] = [
      [1n, "new1", 11],
      [3n, "new3", 33],
    ];
    const run = (conflictMode: "replace" | "ignore" | "update", columns = ["id", "name", "score"]) =>
      runJob(spec({ readerColumns: columns, table, writeMode, conflictMode }), {
        dataSources,
        registry: registryWithReader(createInMemoryReader({ columns: kv.slice(0, columns.length), rows: source.map((r) => r.slice(0, columns.length)) })),
      });
    const state = async () => (await client.query(`SELECT id::int, name, score, note FROM ${table} ORDER BY id`)).rows;

    await seed();
    expect((await run("ignore")).status).toBe("succeeded");
    expect(await state()).toEqual([
      { id: 1, name: "old1", score: 10, note: "n1" },
      { id: 2, name: "old2", score: 20, note: "n2" },
      { id: 3, name: "new3", score: 33, note: "kept" },
    ]);

    await seed();
    expect((await run("replace", ["id", "name"])).status).toBe("succeeded");
    expect(await state()).toEqual([
      { id: 1, name: "new1", score: null, note: "kept" },
      { id: 2, name: "old2", score: 20, note: "n2" },
      { id: 3, name: "new3", score: null, note: "kept" },
    ]);

    await seed();
    expect((await run("update", ["id", "name"])).status).toBe("succeeded");
    expect(await state()).toEqual([
      { id: 1, name: "new1", score: 10, note: "n1" },
      { id: 2, name: "old2", score: 20, note: "n2" },
      { id: 3, name: "new3", score: null, note: "kept" },
    ]);
  });

  it.each(["sdk", "sql"] as const)("counts and keeps dirty rows with column and reason, still writing the clean rows of the batch (%s mode)", async (writeMode) => {
    const table = `dirty_${writeMode}`;
    await client.query(`CREATE TABLE ${table} (id int8, name varchar(5) NOT NULL, score int2)`);
    const rows: RowValue[][] = Array.from({ length: 2000 }, (_, i) => [BigInt(i), i === 500 ? "too long" : i === 1500 ? null : `n${i}`, i === 900 ? 70_000 : i % 100]);
    const dirty: unknown[] = [];
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table, writeMode, errorLimit: "" }), {
      dataSources,
      registry: registryWithReader(createInMemoryReader({ columns: kv, rows })),
      onDirtyRecord: (record) => dirty.push(record),
    });
    expect(report.status).toBe("succeeded");
    expect(report.dirtyRecords).toBe(3);
    expect(report.recordsWritten).toBe(1997);
    expect(dirty).toHaveLength(3);
    const byId = new Map(report.dirtySample.map((d) => [d.values.id, d]));
    expect(byId.get("500")?.column).toBe("name");
    expect(byId.get("500")?.reason).toMatch(/too long/);
    expect(byId.get("900")?.reason).toMatch(/out of range/);
    expect(byId.get("1500")?.column).toBe("name");
    expect(byId.get("1500")?.reason).toMatch(/null value/);
    const count = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(count.rows[0].n).toBe(1997);
  });

  it("isolates many dirty rows inside the run's transaction and commits every clean row", async () => {
    await client.query("CREATE TABLE many_dirty (id int8, name text, score int2)");
    const rows: RowValue[][] = Array.from({ length: 6000 }, (_, i) => [BigInt(i), "x", i % 30 === 0 ? 40_000 : i % 100]);
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "many_dirty", errorLimit: "" }), {
      dataSources,
      registry: registryWithReader(createInMemoryReader({ columns: kv, rows, rowsPerSplit: 6000 })),
    });
    expect(report.status).toBe("succeeded");
    expect(report.dirtyRecords).toBe(200);
    expect(report.dirtySample.every((d) => d.column === "score")).toBe(true);
    expect((await client.query("SELECT count(*)::int AS n FROM many_dirty")).rows[0].n).toBe(5800);
  });

  it("fails the run as soon as the dirty count passes the limit, leaving a table without a key as it was", async () => {
    await client.query("CREATE TABLE limited (id int8, name text, score int2)");
    const rows: RowValue[][] = Array.from({ length: 3000 }, (_, i) => [BigInt(i), "x", i % 500 === 0 ? 99_999 : 1]);
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "limited", errorLimit: "2" }), {
      dataSources,
      registry: registryWithReader(createInMemoryReader({ columns: kv, rows })),
    });
    expect(report.status).toBe("failed");
    expect(report.error?.code).toBe("DIRTY_LIMIT_EXCEEDED");
    expect(report.dirtyRecords).toBe(3);
    expect(report.targetState).toBe("unchanged");
    const count = await client.query("SELECT count(*)::int AS n FROM limited");
    expect(count.rows[0].n).toBe(0);
  });

  it("a cancelled run stops quickly and leaves the table as it was; a rerun gives exactly the source rows", async () => {
    await client.query("CREATE TABLE cancelled (id int8, name text, score int4)");
    const source = { columns: kv, rowCount: 40_000, rows: (i: number): RowValue[] => [BigInt(i), `r${i}`, i], rowsPerSplit: 2000 };
    const controller = new AbortController();
    let cancelledAt = 0;
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "cancelled" }), {
      dataSources,
      signal: controller.signal,
      readBatchSize: 500,
      registry: registryWithReader(createInMemoryReader({ ...source, delayMs: 20 })),
      onProgress: (p) => {
        if (p.recordsRead > 3000 && cancelledAt === 0) {
          cancelledAt = Date.now();
          controller.abort();
        }
      },
      progressIntervalMs: 100,
    });
    expect(report.status).toBe("cancelled");
    expect(report.error?.code).toBe("CANCELLED");
    expect((await client.query("SELECT count(*)::int AS n FROM cancelled")).rows[0].n).toBe(0);
    const rerun = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "cancelled" }), { dataSources, registry: registryWithReader(createInMemoryReader(source)) });
    expect(rerun.status).toBe("succeeded");
    const { rows } = await client.query("SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM cancelled");
    expect(rows[0]).toEqual({ n: 40_000, d: 40_000 });
  });

  it("a throttled run takes at least as long as the bandwidth limit allows", async () => {
    await client.query("CREATE TABLE throttled (id int8, name text, score int4)");
    const payload = "x".repeat(200);
    const report = await runJob(spec({ readerColumns: ["id", "name", "score"], table: "throttled", mbps: 1, concurrent: 2 }), {
      dataSources,
      registry: registryWithReader(createInMemoryReader({ columns: kv, rowCount: 12_000, rows: (i) => [BigInt(i), payload, i], rowsPerSplit: 2000 })),
    });
    expect(report.status).toBe("succeeded");
    expect(report.bytesWritten).toBeGreaterThan(2 * 1024 * 1024);
    const minimumMs = (report.bytesWritten / (1024 * 1024)) * 1000;
    // The bucket starts empty and holds at most 0.1 s of credit.
    expect(report.durationMs).toBeGreaterThanOrEqual(minimumMs - 150);
  });

  it("runs preSql and postSql, and truncates before writing", async () => {
    await client.query("CREATE TABLE hooks (id int8, name text, score int4)");
    await client.query("CREATE TABLE hook_log (what text)");
    await client.query("INSERT INTO hooks VALUES (99, 'old', 0)");
    const report = await runJob(
      spec({ readerColumns: ["id", "name", "score"], table: "hooks", truncate: true, preSql: ["INSERT INTO hook_log VALUES ('pre')"], postSql: ["INSERT INTO hook_log VALUES ('post')"] }),
      { dataSources, registry: registryWithReader(createInMemoryReader({ columns: kv, rows: [[1n, "a", 1]] })) },
    );
    expect(report.status).toBe("succeeded");
    expect((await client.query("SELECT id::int FROM hooks")).rows).toEqual([{ id: 1 }]);
    expect((await client.query("SELECT what FROM hook_log")).rows.map((r) => r.what)).toEqual(["pre", "post"]);
  });
});
