import { describe, expect, it } from "vitest";
import { normalizeColumnTypeText, parseColumnType } from "./column-type";

describe("column types", () => {
  it("parses parameterized and nested types, case-insensitively", () => {
    expect(parseColumnType("DECIMAL(38, 18)")).toEqual({ kind: "decimal", precision: 38, scale: 18 });
    expect(parseColumnType("varchar(20)")).toEqual({ kind: "varchar", length: 20 });
    expect(parseColumnType("array<bigint>")).toEqual({ kind: "array", element: { kind: "bigint" } });
    expect(parseColumnType("MAP<STRING,BIGINT>")).toEqual({ kind: "map", key: { kind: "string" }, value: { kind: "bigint" } });
    expect(parseColumnType("struct<x:int,y:varchar(256),z:struct<a:tinyint,b:date>>")).toEqual({
      kind: "struct",
      fields: [
        { name: "x", type: { kind: "int" } },
        { name: "y", type: { kind: "varchar", length: 256 } },
        { name: "z", type: { kind: "struct", fields: [{ name: "a", type: { kind: "tinyint" } }, { name: "b", type: { kind: "date" } }] } },
      ],
    });
  });

  it("normalizes type text to the lower-case form the public API uses", () => {
    expect(normalizeColumnTypeText("DECIMAL(38, 18)")).toBe("decimal(38,18)");
    expect(normalizeColumnTypeText("ARRAY< STRING >")).toBe("array<string>");
    expect(normalizeColumnTypeText("map<string, array<bigint>>")).toBe("map<string,array<bigint>>");
    expect(normalizeColumnTypeText("BIGINT")).toBe("bigint");
  });

  it("keeps unknown types readable and refuses malformed text", () => {
    expect(parseColumnType("interval_day_time")).toEqual({ kind: "unknown", text: "interval_day_time" });
    expect(parseColumnType("geography")).toEqual({ kind: "unknown", text: "geography" });
    expect(() => parseColumnType("array<bigint")).toThrowError(/Cannot parse the MaxCompute type/);
    expect(() => parseColumnType("varchar()")).toThrowError(/expected a number/);
  });
});
