import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobSpecInput } from "../../job-spec";
import { runJob } from "../../runner";
import { createInMemoryReader, registryWithReader } from "../../testing/in-memory-reader";
import { createTestDatabase } from "../../testing/postgres-test-database";
import type { DataSourceConfig } from "..";
import type { RowValue, SourceColumn } from "../connector-types";

/** Target names as they come: quotes, case and spaces in column names; partition values that are not identifiers. */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

beforeAll(async () => {
  db = await createTestDatabase("writer_names");
  dataSources = {
    odps_first: { type: "odps", config: { endpoint: "http://127.0.0.1:1/api", project: "p", accessKeyId: "id", accessKeySecret: "secret" } },
    holo_demo: { type: "holo", config: db.config },
  };
});
afterAll(async () => {
  await db?.drop();
});

function job(options: { table: string; column: string[]; partition?: string; writeMode?: "sdk" | "sql" }): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "t", column: ["*"] } },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: { datasource: "holo_demo", table: options.table, column: options.column, writeMode: options.writeMode ?? "sdk", ...(options.partition ? { partition: options.partition } : {}) },
      },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

const columns: SourceColumn[] = [
  { name: "id", type: "bigint", kind: "column" },
  { name: "a", type: "string", kind: "column" },
  { name: "b", type: "string", kind: "column" },
];
const rows: RowValue[][] = [
  [1n, "x", "y"],
  [2n, null, "z"],
];

async function run(spec: JobSpecInput, logs: string[] = []) {
  return runJob(spec, { dataSources, registry: registryWithReader(createInMemoryReader({ columns, rows })), onLog: (line) => logs.push(line.message) });
}

describe("writer column entries are exact names", () => {
  it.each(["sdk", "sql"] as const)("writes columns named with quote characters, mixed case and spaces (%s mode)", async (writeMode) => {
    const table = `names_${writeMode}`;
    await db.client.query(`CREATE TABLE ${table} (id int8, """quoted""" text, "MixedCase" text, "has space" text)`);
    const mapped = await run(job({ table, column: ["id", '"quoted"', "MixedCase"], writeMode }));
    expect(mapped.error).toBeNull();
    const spaced = await run(job({ table, column: ["id", "has space", '"quoted"'], writeMode }));
    expect(spaced.error).toBeNull();
    const { rows: written } = await db.client.query({ text: `SELECT id::int, """quoted""", "MixedCase", "has space" FROM ${table} ORDER BY 1, 2, 3, 4`, rowMode: "array" });
    expect(written).toEqual([
      [1, "x", "y", null],
      [1, "y", null, "x"],
      [2, "z", null, null],
      [2, null, "z", null],
    ]);
  });

  it("strips one pair of wrapping quotes only when no column has the quotes in its name", async () => {
    await db.client.query(`CREATE TABLE unquoting (id int8, "Upper" text, "x" text, """x""" text)`);
    const report = await run(job({ table: "unquoting", column: ["id", '"Upper"', '"x"'] }));
    expect(report.error).toBeNull();
    const { rows: written } = await db.client.query({ text: `SELECT id::int, "Upper", x, """x""" FROM unquoting ORDER BY 1`, rowMode: "array" });
    expect(written).toEqual([
      [1, "x", null, "y"],
      [2, null, null, "z"],
    ]);
  });

  it("refuses an entry that matches two columns ignoring case, naming both", async () => {
    await db.client.query(`CREATE TABLE two_cases (id int8, "Name" text, "NAME" text, other text)`);
    const report = await run(job({ table: "two_cases", column: ["id", "name", "other"] }));
    expect(report.error?.code).toBe("INVALID_JOB_SPEC");
    expect(report.error?.message).toContain(`"name" matches "Name" and "NAME" ignoring case`);
  });

  it("refuses a table or column name longer than 63 bytes, naming it and its length", async () => {
    const longTable = `public.${"t".repeat(64)}`;
    const table = await run(job({ table: longTable, column: ["id", "a", "b"] }));
    expect(table.error?.code).toBe("IDENTIFIER_TOO_LONG");
    expect(table.error?.message).toContain(`"${"t".repeat(64)}" is 64 bytes long`);
    await db.client.query("CREATE TABLE short_names (id int8, a text, b text)");
    const longColumn = "ü".repeat(33);
    const column = await run(job({ table: "short_names", column: ["id", "a", longColumn] }));
    expect(column.error?.code).toBe("IDENTIFIER_TOO_LONG");
    expect(column.error?.message).toContain(`"${longColumn}" is 66 bytes long`);
  });
});

const hash8 = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 8);

const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

async function childrenOf(parent: string): Promise<Array<{ name: string; bound: string }>> {
  const { rows: children } = await db.client.query(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass ORDER BY c.relname`,
    [parent],
  );
  return children.sort(byName);
}

describe("child partition tables", () => {
  it("gives values that are not plain identifiers a hash suffix, so a\"b and a'b get their own children, and logs the child", async () => {
    await db.client.query("CREATE TABLE hpart_list (id int8, a text, b text, sale_date text) PARTITION BY LIST (sale_date)");
    const logs: string[] = [];
    for (const value of ['a"b', "a'b", "plain_20261123", "a'b"]) {
      const report = await run(job({ table: "hpart_list", column: ["id", "a", "b"], partition: `sale_date=${value}` }), logs);
      expect(report.error).toBeNull();
    }
    expect(await childrenOf("hpart_list")).toEqual(
      [
        { name: `hpart_list_a_b_${hash8('a"b')}`, bound: `FOR VALUES IN ('a"b')` },
        { name: `hpart_list_a_b_${hash8("a'b")}`, bound: `FOR VALUES IN ('a''b')` },
        { name: "hpart_list_plain_20261123", bound: "FOR VALUES IN ('plain_20261123')" },
      ].sort(byName),
    );
    expect(logs).toContain(`Writer: writing partition sale_date='a"b' into child table public.hpart_list_a_b_${hash8('a"b')} (created).`);
    expect(logs).toContain(`Writer: writing partition sale_date='a''b' into child table public.hpart_list_a_b_${hash8("a'b")} (created).`);
    expect(logs).toContain(`Writer: writing partition sale_date='a''b' into child table public.hpart_list_a_b_${hash8("a'b")} (existing).`);
    const { rows: counts } = await db.client.query("SELECT sale_date, count(*)::int AS n FROM hpart_list GROUP BY 1");
    expect(Object.fromEntries(counts.map((row) => [row.sale_date, row.n]))).toEqual({ 'a"b': 2, "a'b": 4, plain_20261123: 2 });
  });

  it("reuses a child found by its partition bound whatever its name, and keeps new names within 63 bytes", async () => {
    const parent = "p".repeat(50);
    await db.client.query(`CREATE TABLE ${parent} (id int8, a text, b text, sale_date text) PARTITION BY LIST (sale_date)`);
    await db.client.query(`CREATE TABLE "Someone's Child" PARTITION OF ${parent} FOR VALUES IN ('20261123')`);
    const logs: string[] = [];
    const long = "v".repeat(40);
    for (const value of ["20261123", long, `${long}x`]) {
      expect((await run(job({ table: parent, column: ["id", "a", "b"], partition: `sale_date=${value}` }), logs)).error).toBeNull();
    }
    expect(logs).toContain(`Writer: writing partition sale_date='20261123' into child table public.Someone's Child (existing).`);
    const names = (await childrenOf(parent)).map((c) => c.name);
    // 54 readable bytes (the parent, "_" and what fits of the value), "_", 8 hex digits.
    expect(names).toEqual(["Someone's Child", `${parent}_vvv_${hash8(long)}`, `${parent}_vvv_${hash8(`${long}x`)}`].sort());
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
  });
});
