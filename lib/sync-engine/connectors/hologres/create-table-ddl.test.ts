import { describe, expect, it } from "vitest";
import { generateCreateTableDdl } from "./create-table-ddl";
import { mapMaxComputeType } from "./type-mapping";

// The guide's partitioned MaxCompute table.
const odpsTable = {
  columns: [
    { name: "shop_name", type: "string" },
    { name: "customer_id", type: "string" },
    { name: "total_price", type: "int" },
  ],
  partitionColumns: [
    { name: "sale_date", type: "string" },
    { name: "sale_time", type: "string" },
  ],
};

describe("generateCreateTableDdl", () => {
  it("produces the guide's holo_test for odps_table: partition columns as text, PARTITION BY LIST (sale_date)", () => {
    expect(generateCreateTableDdl(odpsTable, { tableName: "holo_test", partitionColumn: "sale_date", flavour: "postgres" })).toBe(
      [
        'CREATE TABLE "public"."holo_test" (',
        ' "shop_name" text,',
        ' "customer_id" text,',
        ' "total_price" int8,',
        ' "sale_date" text,',
        ' "sale_time" text',
        ")",
        'PARTITION BY LIST ("sale_date");',
        "",
      ].join("\n"),
    );
  });

  it("wraps the Hologres flavour in a transaction with its table property", () => {
    const ddl = generateCreateTableDdl(odpsTable, { tableName: "public.holo_test", partitionColumn: "sale_date", flavour: "hologres" });
    expect(ddl.startsWith("BEGIN;\nCREATE TABLE")).toBe(true);
    expect(ddl).toContain(`CALL set_table_property('"public"."holo_test"', 'orientation', 'column');`);
    expect(ddl.trimEnd().endsWith("COMMIT;")).toBe(true);
  });

  it("adds a primary key and column comments, quoting identifiers", () => {
    const ddl = generateCreateTableDdl(
      { columns: [{ name: "id", type: "bigint", comment: "The id's value" }, { name: "Weird Name", type: "decimal" }] },
      { tableName: "t", primaryKey: ["id"], flavour: "postgres" },
    );
    expect(ddl).toContain(' "id" int8 NOT NULL,');
    expect(ddl).toContain(' "Weird Name" numeric(38,18),');
    expect(ddl).toContain(' PRIMARY KEY ("id")');
    expect(ddl).toContain(`COMMENT ON COLUMN "public"."t"."id" IS 'The id''s value';`);
  });

  it("refuses a primary key of a partitioned table without the partition column, and types the reader cannot read", () => {
    expect(() => generateCreateTableDdl(odpsTable, { tableName: "t", partitionColumn: "sale_date", primaryKey: ["customer_id"], flavour: "hologres" })).toThrow(/sale_date/);
    expect(() => generateCreateTableDdl({ columns: [{ name: "m", type: "map<string,interval_day_time>" }] }, { tableName: "t", flavour: "hologres" })).toThrow(
      /m \(map<string,interval_day_time>\)/,
    );
  });

  it("proposes jsonb for MAP and STRUCT columns, which arrive as JSON", () => {
    const ddl = generateCreateTableDdl(
      { columns: [{ name: "id", type: "int" }, { name: "c_map", type: "map<string,bigint>" }, { name: "c_struct", type: "struct<name:string,tags:array<string>>" }] },
      { tableName: "complex_types", flavour: "postgres" },
    );
    expect(ddl).toContain(' "c_map" jsonb,');
    expect(ddl).toContain(' "c_struct" jsonb');
  });

  it("proposes int8 for every MaxCompute integer type, as DataWorks' Create Table does", () => {
    const ddl = generateCreateTableDdl(
      { columns: ["tinyint", "smallint", "int", "bigint"].map((type) => ({ name: `c_${type}`, type })) },
      { tableName: "t", flavour: "postgres" },
    );
    for (const type of ["tinyint", "smallint", "int", "bigint"]) expect(ddl).toContain(` "c_${type}" int8`);
  });

  it("maps every documented MaxCompute type", () => {
    const cases: Array<[string, string | null]> = [
      ["string", "text"],
      ["varchar(20)", "varchar(20)"],
      ["char(10)", "char(10)"],
      ["bigint", "int8"],
      ["int", "int4"],
      ["smallint", "int2"],
      ["tinyint", "int2"],
      ["float", "float4"],
      ["double", "float8"],
      ["boolean", "boolean"],
      ["decimal(10,2)", "numeric(10,2)"],
      ["decimal", "numeric(38,18)"],
      ["date", "date"],
      ["datetime", "timestamptz"],
      ["timestamp", "timestamptz"],
      ["binary", "bytea"],
      ["array<int>", "int4[]"],
      ["array<bigint>", "int8[]"],
      ["array<float>", "float4[]"],
      ["array<double>", "float8[]"],
      ["array<boolean>", "boolean[]"],
      ["array<string>", "text[]"],
      ["map<string,bigint>", "jsonb"],
      ["struct<a:int>", "jsonb"],
      ["array<map<string,int>>", "jsonb"],
      ["array<decimal(10,2)>", "jsonb"],
      ["array<array<int>>", "jsonb"],
      ["array<interval_day_time>", null],
    ];
    for (const [source, target] of cases) expect([source, mapMaxComputeType(source)]).toEqual([source, target]);
  });
});
