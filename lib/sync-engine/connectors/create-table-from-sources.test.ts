import { describe, expect, it } from "vitest";
import { generateCreateTableDdl, generateCreateTableDdlFromNeutral, hologresTypeForNeutral } from "./hologres";
import { connectorFor } from "./registry";

/**
 * Create Table for every registered reader: the source's native type, read by its own
 * connector's type system, becomes the Hologres column type the README's tables give.
 */

function proposed(sourceType: "mysql" | "postgresql", nativeType: string, flavour: "hologres" | "postgres" = "hologres"): string {
  const toNeutral = connectorFor(sourceType)!.toNeutralType!;
  return hologresTypeForNeutral(toNeutral(nativeType), flavour);
}

describe("Create Table from a MySQL source", () => {
  it.each([
    ["tinyint(4)", "int2"],
    ["tinyint(1)", "int2"],
    ["tinyint(3) unsigned", "int2"],
    ["smallint(6)", "int2"],
    ["year(4)", "int2"],
    ["smallint(5) unsigned", "int4"],
    ["mediumint(9)", "int4"],
    ["int(11)", "int4"],
    ["int(10) unsigned", "int8"],
    ["bigint(20)", "int8"],
    ["bigint(20) unsigned", "numeric(20,0)"],
    ["decimal(12,2)", "numeric(12,2)"],
    ["decimal(38,10)", "numeric(38,10)"],
    ["float", "float4"],
    ["double", "float8"],
    ["bit(1)", "boolean"],
    ["bit(5)", "int8"],
    ["bit(64)", "numeric(20,0)"],
    ["date", "date"],
    ["datetime(6)", "timestamp"],
    ["timestamp", "timestamptz"],
    ["time", "text"],
    ["char(10)", "char(10)"],
    ["varchar(40)", "varchar(40)"],
    ["text", "text"],
    ["longtext", "text"],
    ["enum('a','b')", "text"],
    ["set('x','y')", "text"],
    ["binary(16)", "bytea"],
    ["varbinary(200)", "bytea"],
    ["blob", "bytea"],
    ["longblob", "bytea"],
    ["json", "jsonb"],
  ])("MySQL %s becomes %s", (nativeType, expected) => {
    expect(proposed("mysql", nativeType)).toBe(expected);
  });

  it("keeps DECIMAL(65,30) exact: numeric(65,30) on PostgreSQL, text on Hologres (its NUMERIC stops at 38 digits)", () => {
    expect(proposed("mysql", "decimal(65,30)", "postgres")).toBe("numeric(65,30)");
    expect(proposed("mysql", "decimal(65,30)", "hologres")).toBe("text");
  });

  it("writes the whole statement with the source's primary key and comments", () => {
    const toNeutral = connectorFor("mysql")!.toNeutralType!;
    const ddl = generateCreateTableDdlFromNeutral(
      [
        { name: "id", type: toNeutral("bigint(20) unsigned"), comment: "order id" },
        { name: "buyer", type: toNeutral("varchar(40)"), comment: "" },
        { name: "gmt_modified", type: toNeutral("datetime"), comment: null },
      ],
      { tableName: "public.orders", primaryKey: ["id"], flavour: "postgres", sourceLabel: "MySQL" },
    );
    expect(ddl).toBe(
      [
        'CREATE TABLE "public"."orders" (',
        ' "id" numeric(20,0) NOT NULL,',
        ' "buyer" varchar(40),',
        ' "gmt_modified" timestamp,',
        ' PRIMARY KEY ("id")',
        ");",
        `COMMENT ON COLUMN "public"."orders"."id" IS 'order id';`,
        "",
      ].join("\n"),
    );
  });
});

describe("Create Table from a PostgreSQL or Hologres source", () => {
  it.each([
    ["smallint", "int2"],
    ["integer", "int4"],
    ["bigint", "int8"],
    ["numeric(38,10)", "numeric(38,10)"],
    ["numeric", "numeric(38,18)"],
    ["real", "float4"],
    ["double precision", "float8"],
    ["boolean", "boolean"],
    ["text", "text"],
    ["character varying(20)", "varchar(20)"],
    ["character(3)", "char(3)"],
    ["bytea", "bytea"],
    ["date", "date"],
    ["timestamp without time zone", "timestamp"],
    ["timestamp with time zone", "timestamptz"],
    ["time without time zone", "time"],
    ["json", "jsonb"],
    ["jsonb", "jsonb"],
    ["integer[]", "int4[]"],
    ["bigint[]", "int8[]"],
    ["text[]", "text[]"],
    ["character varying(5)[]", "text[]"],
    ["double precision[]", "float8[]"],
    ["numeric(10,2)[]", "text"],
    ["uuid", "text"],
    ["interval", "text"],
  ])("PostgreSQL %s becomes %s", (nativeType, expected) => {
    expect(proposed("postgresql", nativeType)).toBe(expected);
  });

  it("wraps the Hologres flavour in a transaction with the column orientation, as for MaxCompute", () => {
    const toNeutral = connectorFor("postgresql")!.toNeutralType!;
    const ddl = generateCreateTableDdlFromNeutral([{ name: "id", type: toNeutral("bigint") }], { tableName: "events_copy", primaryKey: ["id"], flavour: "hologres", sourceLabel: "Hologres" });
    expect(ddl).toBe(
      [
        "BEGIN;",
        'CREATE TABLE "public"."events_copy" (',
        ' "id" int8 NOT NULL,',
        ' PRIMARY KEY ("id")',
        ");",
        `CALL set_table_property('"public"."events_copy"', 'orientation', 'column');`,
        "COMMIT;",
        "",
      ].join("\n"),
    );
  });

  it("refuses a column name PostgreSQL would cut, naming the source", () => {
    const toNeutral = connectorFor("postgresql")!.toNeutralType!;
    expect(() => generateCreateTableDdlFromNeutral([{ name: "x".repeat(64), type: toNeutral("text") }], { tableName: "t", flavour: "postgres", sourceLabel: "MySQL" })).toThrow(/Rename the column in MySQL/);
  });
});

describe("Create Table from MaxCompute (unchanged)", () => {
  it("still proposes int8 for INT, SMALLINT and TINYINT", () => {
    const ddl = generateCreateTableDdl(
      { columns: [{ name: "a", type: "int" }, { name: "b", type: "smallint" }, { name: "c", type: "tinyint" }, { name: "d", type: "datetime" }] },
      { tableName: "t", flavour: "postgres" },
    );
    expect(ddl).toBe(['CREATE TABLE "public"."t" (', ' "a" int8,', ' "b" int8,', ' "c" int8,', ' "d" timestamptz', ");", ""].join("\n"));
  });
});
