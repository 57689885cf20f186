import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreateTableDdl } from "./connectors/hologres";
import type { JobSpecInput } from "./job-spec";
import { runJob } from "./runner";
import { openEngineTestWorld, type EngineTestWorld } from "./testing/engine-test-world";

/**
 * Values that must arrive exactly, over the local MaxCompute service (Tunnel downloads)
 * into PostgreSQL: negative zero, and MAP/STRUCT/ARRAY columns as JSON.
 */

let world: EngineTestWorld;
let service: EngineTestWorld["service"];
let db: EngineTestWorld["db"];
let dataSources: EngineTestWorld["dataSources"];
let odps: EngineTestWorld["odps"];

beforeAll(async () => {
  world = await openEngineTestWorld({ name: "values_e2e", demoTables: { bankDataRows: 10, days: 1 } });
  ({ service, db, odps, dataSources } = world);
  await service.catalog.createTable({
    name: "signed_zeros",
    columns: [
      { name: "id", type: "int", comment: "" },
      { name: "f", type: "float", comment: "" },
      { name: "d", type: "double", comment: "" },
      { name: "ad", type: "array<double>", comment: "" },
    ],
  });
  await service.catalog.insertRows({
    table: "signed_zeros",
    rows: [
      [1, -0, -0, [-0, 1.5]],
      [2, 0, 0, [0]],
      [3, -1.5, -2.5, null],
    ],
  });
});

afterAll(async () => {
  await world?.close();
});

function job(options: { source: string; readerColumns?: string[]; table: string; column: string[]; writeMode: "sdk" | "sql" }): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: options.source, column: options.readerColumns ?? ["*"] } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: options.table, column: options.column, writeMode: options.writeMode } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

// The COPY text fast path, the value path in fast mode, and SQL mode's INSERT from both
// (SQL mode builds its arrays from COPY text too when the source has no DATE column).
const paths = [
  ["COPY text", "sdk", true],
  ["values into COPY", "sdk", false],
  ["INSERT", "sql", true],
  ["INSERT from values", "sql", false],
] as const;

describe("values over the local MaxCompute service", () => {
  it.each(paths)("DOUBLE and FLOAT -0.0 arrive as -0 (%s)", async (name, writeMode, copyTextPath) => {
    const schema = await odps.getTable("signed_zeros");
    const table = `signed_zeros_${name.replace(/\W+/g, "_").toLowerCase()}`;
    await db.client.query(generateCreateTableDdl(schema, { tableName: table, flavour: "postgres" }));
    const logs: string[] = [];
    const report = await runJob(job({ source: "signed_zeros", table, column: ["id", "f", "d", "ad"], writeMode }), {
      dataSources,
      copyTextPath,
      onLog: (line) => logs.push(line.message),
    });
    expect(report.error).toBeNull();
    expect(logs.some((line) => line.includes("as COPY text"))).toBe(copyTextPath);
    // PostgreSQL prints float -0 as "-0" (and -0 = 0 is true, so only the text shows the sign).
    const { rows: values } = await db.client.query({ text: `SELECT id::int, f::text, d::text, ad::text FROM ${table} ORDER BY id`, rowMode: "array" });
    expect(values).toEqual([
      [1, "-0", "-0", "{-0,1.5}"],
      [2, "0", "0", "{0}"],
      [3, "-1.5", "-2.5", null],
    ]);
  });

  it.each(paths)("complex_types (MAP, STRUCT) lands as jsonb in the table Create Table proposes, equal row by row (%s)", async (name, writeMode, copyTextPath) => {
    const schema = await odps.getTable("complex_types");
    const table = `complex_types_${name.replace(/\W+/g, "_").toLowerCase()}`;
    const ddl = generateCreateTableDdl(schema, { tableName: table, flavour: "postgres" });
    expect(ddl).toContain(' "c_map" jsonb,');
    expect(ddl).toContain(' "c_struct" jsonb');
    await db.client.query(ddl);
    const logs: string[] = [];
    const report = await runJob(job({ source: "complex_types", table, column: ["id", "c_map", "c_struct"], writeMode }), {
      dataSources,
      copyTextPath,
      onLog: (line) => logs.push(line.message),
    });
    expect(report.error).toBeNull();
    expect(logs.some((line) => line.includes("as COPY text"))).toBe(copyTextPath);
    const { rows } = await db.client.query({
      text: `SELECT t.id::int, t.c_map IS NOT DISTINCT FROM e.c_map, t.c_struct = e.c_struct, t.c_map::text, t.c_struct::text
               FROM ${table} t JOIN (VALUES (1, '{"a": 1, "b": 9223372036854775807}'::jsonb, '{"name": "tom", "tags": ["x", "y"]}'::jsonb),
                                            (2, NULL::jsonb, '{"name": null, "tags": []}'::jsonb)) AS e (id, c_map, c_struct) ON e.id = t.id
              ORDER BY t.id`,
      rowMode: "array",
    });
    expect(rows).toEqual([
      [1, true, true, '{"a": 1, "b": 9223372036854775807}', '{"name": "tom", "tags": ["x", "y"]}'],
      [2, true, true, null, '{"name": null, "tags": []}'],
    ]);
  });

  // Arrays become JSON in the writer, so such a job never takes the COPY text path.
  it.each(["sdk", "sql"] as const)("ARRAY columns land as JSON in jsonb and text columns, as PostgreSQL arrays in array columns (%s mode)", async (writeMode) => {
    const table = `arrays_${writeMode}`;
    await db.client.query(`CREATE TABLE ${table} (id int4, as_jsonb jsonb, as_text text, as_array text[])`);
    const report = await runJob(
      job({ source: "all_types", readerColumns: ["id", "c_array_bigint", "c_array_string", "c_array_string"], table, column: ["id", "as_jsonb", "as_text", "as_array"], writeMode }),
      { dataSources },
    );
    expect(report.error).toBeNull();
    const { rows } = await db.client.query({ text: `SELECT id::int, as_jsonb::text, as_text, as_array::text FROM ${table} WHERE id IN (2, 3, 4) ORDER BY id`, rowMode: "array" });
    expect(rows).toEqual([
      [2, "[9007199254740993, null, -9223372036854775808]", '["a",null,"","Ünïcödé ✓"]', '{a,NULL,"","Ünïcödé ✓"}'],
      [3, null, null, null],
      [4, "[0, 1]", "[null]", "{NULL}"],
    ]);
  });
});
