import { describe, expect, it } from "vitest";
import { BANK_DATA_DDL, ODPS_TABLE_DDL } from "./demo-tables";
import { parseMaxComputeDdl } from "./maxcompute-ddl";

describe("MaxCompute DDL", () => {
  it("parses the guide's bank_data statement: 21 columns with comments", () => {
    const [statement] = parseMaxComputeDdl(BANK_DATA_DDL);
    expect(statement.kind).toBe("createTable");
    if (statement.kind !== "createTable") return;
    expect(statement.ifNotExists).toBe(true);
    expect(statement.name).toBe("bank_data");
    expect(statement.columns).toHaveLength(21);
    expect(statement.columns[0]).toEqual({ name: "age", type: "bigint", comment: "Age" });
    expect(statement.columns[20]).toEqual({ name: "y", type: "bigint", comment: "Time deposit available or not" });
  });

  it("parses PARTITIONED BY, complex types, table comments and lifecycle", () => {
    const [odps] = parseMaxComputeDdl(ODPS_TABLE_DDL);
    expect(odps.kind === "createTable" && odps.partitionColumns.map((c) => c.name)).toEqual(["sale_date", "sale_time"]);
    const [t] = parseMaxComputeDdl(
      "create table t (a DECIMAL(38, 18) not null comment 'it''s exact', b map<string, array<bigint>>, c varchar(20)) comment 'demo' partitioned by (pt string comment 'day') lifecycle 30;",
    );
    expect(t).toEqual({
      kind: "createTable",
      name: "t",
      ifNotExists: false,
      comment: "demo",
      columns: [
        { name: "a", type: "decimal(38,18)", comment: "it's exact" },
        { name: "b", type: "map<string,array<bigint>>", comment: "" },
        { name: "c", type: "varchar(20)", comment: "" },
      ],
      partitionColumns: [{ name: "pt", type: "string", comment: "day" }],
    });
  });

  it("parses partition changes and drops, several statements at once", () => {
    expect(
      parseMaxComputeDdl(
        "ALTER TABLE odps_table ADD IF NOT EXISTS PARTITION (sale_date='20261123', sale_time='10') PARTITION (sale_date='20261124', sale_time='10');\n" +
          "-- a comment\nALTER TABLE odps_table DROP IF EXISTS PARTITION (sale_date=20261123, sale_time=10);\nDROP TABLE IF EXISTS x;",
      ),
    ).toEqual([
      { kind: "addPartition", table: "odps_table", ifNotExists: true, partitions: ["sale_date=20261123,sale_time=10", "sale_date=20261124,sale_time=10"] },
      { kind: "dropPartition", table: "odps_table", ifExists: true, partitions: ["sale_date=20261123,sale_time=10"] },
      { kind: "dropTable", name: "x", ifExists: true },
    ]);
  });

  it("keeps partition values exactly: quoted blanks, commas and MaxCompute's string escapes", () => {
    expect(parseMaxComputeDdl("ALTER TABLE t ADD PARTITION (p=' a,b ', q='it\\'s\\r', r=\"x\");")).toEqual([
      { kind: "addPartition", table: "t", ifNotExists: false, partitions: ["p=' a,b ',q='it\\'s\\r',r=x"] },
    ]);
    const [create] = parseMaxComputeDdl("CREATE TABLE t (a string COMMENT 'line\\none\\ttab \\\\ C:\\data');");
    expect(create.kind === "createTable" && create.columns[0].comment).toBe("line\none\ttab \\ C:\\data");
  });

  it("says where a statement is wrong", () => {
    expect(() => parseMaxComputeDdl("CREATE TABLE t (a)")).toThrowError(/expected a column type/);
    expect(() => parseMaxComputeDdl("SELECT 1")).toThrowError(/near "SELECT".*CREATE TABLE/);
    expect(() => parseMaxComputeDdl("CREATE TABLE t (a wat)")).not.toThrow(); // unknown types are refused by the catalog
  });
});
