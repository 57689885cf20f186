import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../runner";
import { SyncError } from "../../sync-error";
import { createMysqlTestDatabase } from "../../testing/mysql-test-database";
import { createTestDatabase } from "../../testing/postgres-test-database";
import type { RowValue } from "../connector-types";
import type { DataSourceConfig } from "../registry";
import { createMysqlReader, type MysqlSplit } from "./mysql-reader";

let source: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

// Keys with gaps, negatives, both 64-bit ends and NULLs; `n` numbers every row once.
const KEYS: Array<string | null> = [
  "-9223372036854775808",
  "-1000000",
  "-3",
  "-2",
  "0",
  "1",
  "7",
  "8",
  "1000",
  "1001",
  "5000000000",
  "9223372036854775807",
  null,
  null,
  ...Array.from({ length: 300 }, (_, i) => String(i * 37 + 20_000)),
];

beforeAll(async () => {
  source = await createMysqlTestDatabase("reader");
  target = await createTestDatabase("mysql_reader");
  dataSources = { shop: { type: "mysql", config: source.config }, holo_demo: { type: "holo", config: target.config } };
  await source.admin.query("CREATE TABLE keyed (n INT PRIMARY KEY, k BIGINT NULL, label VARCHAR(20), KEY (k))");
  await source.admin.query(`INSERT INTO keyed VALUES ${KEYS.map((k, n) => `(${n}, ${k ?? "NULL"}, 'row ${n}')`).join(", ")}`);
  await source.admin.query("CREATE TABLE orders (id INT PRIMARY KEY, code VARCHAR(10), gmt_modified DATE)");
  await source.admin.query(`INSERT INTO orders SELECT seq, CONCAT('c', seq), DATE_ADD('2026-11-01', INTERVAL seq % 30 DAY) FROM seq_1_to_6000`);
  await target.client.query("CREATE TABLE orders (id int4 PRIMARY KEY, code text, gmt_modified date); INSERT INTO orders VALUES (-1, 'kept', '2026-01-01')");
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

async function readAll(parameter: Record<string, unknown>, concurrency: number, columns = ["n", "k"]) {
  const reader = createMysqlReader({ config: source.config, parameter: { datasource: "shop", ...parameter }, columns: columns.map((text) => ({ text, fromParameter: false })) });
  const plan = await reader.plan({ signal: new AbortController().signal, concurrency, log: () => {} });
  const rows: RowValue[][] = [];
  for (const split of plan.splits) for await (const batch of reader.read(split as MysqlSplit, { signal: new AbortController().signal, batchSize: 50 })) rows.push(...batch);
  return { plan, rows };
}

describe("MySQL reader splitPk", () => {
  it.each([1, 3, 8])("ranges at %i channels cover every row exactly once, NULL keys included", async (channels) => {
    const { plan, rows } = await readAll({ table: "keyed", column: ["n", "k"], splitPk: "k" }, channels);
    expect(plan.splits.length).toBeGreaterThan(channels);
    expect(plan.splits.at(-1)!.label).toBe("k IS NULL");
    const numbers = rows.map((row) => Number(row[0])).sort((a, b) => a - b);
    expect(numbers).toEqual(KEYS.map((_, n) => n));
    const keys = rows.map((row) => (row[1] === null ? null : String(row[1])));
    expect(keys.sort()).toEqual([...KEYS].sort());
  });

  it("a where with a resolved ${bizdate} limits the rows and the key range", async () => {
    const spec = {
      type: "job",
      version: "2.0",
      steps: [
        { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", table: "orders", column: ["id", "code", "gmt_modified"], where: "gmt_modified >= '${bizdate}'", splitPk: "id" } },
        { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "orders", column: ["id", "code", "gmt_modified"], conflictMode: "replace" } },
      ],
      setting: { speed: { throttle: false, concurrent: 3 } },
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    };
    const report = await runJob(spec, { dataSources, parameters: { bizdate: "20261129" } });
    expect(report.error).toBeNull();
    const [expected] = await source.admin.query("SELECT COUNT(*) AS n FROM orders WHERE gmt_modified >= '2026-11-29'");
    expect(report.recordsWritten).toBe(Number((expected as Array<{ n: number }>)[0]!.n));
    const { rows } = await target.client.query("SELECT count(*)::int AS n, min(gmt_modified)::text AS first FROM orders WHERE id > 0");
    expect(rows[0]).toEqual({ n: report.recordsWritten, first: "2026-11-29" });
  });
});

describe("MySQL reader errors, before any row is written", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp, Partial<DataSourceConfig["config"]>?]> = [
    ["splitPk on a text column", { table: "orders", column: ["id"], splitPk: "code" }, "SOURCE_SPLIT_PK_INVALID", /^splitPk: column "code" of .*orders is varchar\(10\); splitPk must name an integer column.*\(integer columns: id\)/],
    ["splitPk naming no column", { table: "orders", column: ["id"], splitPk: "nope" }, "SOURCE_SPLIT_PK_INVALID", /^splitPk: .*orders has no column "nope"/],
    ["a querySql that does not parse", { querySql: "SELEC id FROM orders" }, "SOURCE_QUERY_INVALID", /^querySql: the MySQL server cannot run it: .*syntax/],
    ["a where that fails on the server", { table: "orders", column: ["id"], where: "no_such_column > 3" }, "SOURCE_QUERY_INVALID", /^where: the MySQL server refused the condition "no_such_column > 3": Unknown column 'no_such_column'/],
    ["a missing table", { table: "no_such_table", column: ["id"] }, "SOURCE_TABLE_NOT_FOUND", /^table: MySQL database .* has no table "no_such_table"/],
    ["a missing column", { table: "orders", column: ["id", "amount"] }, "SOURCE_COLUMN_NOT_FOUND", /^column: "amount" is not in/],
    ["an unreachable server", { table: "orders", column: ["id"] }, "SOURCE_UNREACHABLE", /^MySQL server 127\.0\.0\.1:1 cannot be reached/, { port: 1 }],
    ["wrong credentials", { table: "orders", column: ["id"] }, "SOURCE_AUTH_FAILED", /refused user "synclane_nobody": check the user and password/, { user: "synclane_nobody", password: "wrong" }],
    ["an unknown character set", { table: "orders", column: ["id"] }, "INVALID_PARAMETER", /^charset: .*"klingon"/, { charset: "klingon" }],
  ];

  it.each(cases)("%s is named and the target is left alone", async (_name, reader, code, message, configChange = {}) => {
    const columns = (reader.column as string[] | undefined) ?? ["id"];
    const spec = {
      type: "job",
      version: "2.0",
      steps: [
        { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", ...reader } },
        { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "orders", column: columns, truncate: true } },
      ],
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    };
    const report = await runJob(spec, { dataSources: { ...dataSources, shop: { type: "mysql", config: { ...source.config, ...configChange } as DataSourceConfig["config"] } } as Record<string, DataSourceConfig> });
    expect(report.error?.code).toBe(code);
    expect(report.error?.message).toMatch(message);
    expect(report.error?.message).not.toContain("wrong");
    const { rows } = await target.client.query("SELECT count(*)::int AS n FROM orders WHERE id = -1");
    expect(rows[0].n).toBe(1);
  });
});

describe("MySQL reader connection loss", () => {
  // Wide enough (about 40 MB) that the server is still sending when the connection is killed.
  const BIG_ROWS = 150_000;
  beforeAll(async () => {
    await source.admin.query(`CREATE TABLE big (id INT PRIMARY KEY, pad CHAR(250)); INSERT INTO big SELECT seq, REPEAT('x', 250) FROM seq_1_to_${BIG_ROWS}`);
  });
  const killReader = async () => {
    const [processes] = await source.admin.query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'SELECT `id`%big%'", [source.config.database]);
    for (const { ID } of processes as Array<{ ID: number }>) await source.admin.query(`KILL ${Number(ID)}`);
    return (processes as unknown[]).length;
  };

  /** The ids of a split's rows, through the value path or the COPY text path. */
  async function* readIds(reader: ReturnType<typeof createMysqlReader>, split: MysqlSplit, path: "values" | "COPY text", log: (line: string) => void): AsyncGenerator<number[]> {
    const options = { signal: new AbortController().signal, batchSize: 100, log };
    if (path === "values") {
      for await (const batch of reader.read(split, options)) yield batch.map((row) => Number(row[0]));
      return;
    }
    for await (const batch of reader.readCopyText!(split, options)) {
      yield batch.bytes.toString("latin1").trimEnd().split("\n").map((line) => Number(line.split("\t")[0]));
      batch.release?.();
    }
  }

  it.each(["values", "COPY text"] as const)("a killed connection is retried from the split's last key: every row once (%s)", async (path) => {
    const logs: string[] = [];
    const reader = createMysqlReader({
      config: source.config,
      parameter: { datasource: "shop", table: "big", column: ["id", "pad"], splitPk: "id" },
      columns: [{ text: "id", fromParameter: false }, { text: "pad", fromParameter: false }],
      retryDelaysMs: [10, 10, 10],
    });
    const plan = await reader.plan({ signal: new AbortController().signal, concurrency: 1, log: () => {} });
    const ids: number[] = [];
    let killed = false;
    for (const split of plan.splits) {
      for await (const batch of readIds(reader, split, path, (line) => logs.push(line))) {
        ids.push(...batch);
        if (!killed && ids.length >= 3000) killed = (await killReader()) > 0;
      }
    }
    expect(killed).toBe(true);
    expect(logs.join("\n")).toMatch(/Reader: retry 1\/3 of split id in \[.*\) from id > \d+/);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: BIG_ROWS }, (_, i) => i + 1));
  });

  it("without splitPk the run fails naming the split and what to set", async () => {
    const reader = createMysqlReader({ config: source.config, parameter: { datasource: "shop", table: "big", column: ["id", "pad"] }, columns: [{ text: "id", fromParameter: false }, { text: "pad", fromParameter: false }], retryDelaysMs: [10] });
    const plan = await reader.plan({ signal: new AbortController().signal, concurrency: 1, log: () => {} });
    const read = async () => {
      let seen = 0;
      for await (const batch of reader.read(plan.splits[0]!, { signal: new AbortController().signal, batchSize: 100 })) {
        seen += batch.length;
        if (seen === 1000) expect(await killReader()).toBe(1);
      }
    };
    const error = await read().then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe("SOURCE_CONNECTION_LOST");
    expect((error as SyncError).message).toMatch(/cannot be resumed \(set splitPk/);
  });
});

describe("MySQL reader cancel", () => {
  // Its own table: the server may still be running a cancelled read when the next test looks for its reader.
  beforeAll(async () => {
    await source.admin.query("CREATE TABLE lots (id INT PRIMARY KEY, pad CHAR(250)); INSERT INTO lots SELECT seq, REPEAT('x', 250) FROM seq_1_to_150000");
  });

  it.each(["values", "COPY text"] as const)("a cancelled read fails with the cancel, not as a split read to its end (%s)", async (path) => {
    const reader = createMysqlReader({ config: source.config, parameter: { datasource: "shop", table: "lots", column: ["id", "pad"] }, columns: [{ text: "id", fromParameter: false }, { text: "pad", fromParameter: false }] });
    const plan = await reader.plan({ signal: new AbortController().signal, concurrency: 1, log: () => {} });
    const controller = new AbortController();
    const options = { signal: controller.signal, batchSize: 100 };
    const batches = path === "values" ? reader.read(plan.splits[0]!, options) : reader.readCopyText!(plan.splits[0]!, options);
    const read = async () => {
      let seen = 0;
      for await (const batch of batches) {
        seen += Array.isArray(batch) ? batch.length : batch.rowCount;
        controller.abort(new Error("cancelled by the test"));
      }
      return seen;
    };
    await expect(read()).rejects.toThrow("cancelled by the test");
  });
});
