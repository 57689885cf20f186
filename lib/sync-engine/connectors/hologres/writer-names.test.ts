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
