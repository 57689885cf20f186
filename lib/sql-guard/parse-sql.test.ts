import { describe, expect, it } from "vitest";
import { parseSql } from "./parse-sql";

describe("parsing SQL text into statements", () => {
  it.each([
    ["statements on one line", "SELECT 1; SELECT 2;", ["SELECT 1", "SELECT 2"]],
    ["a ; and -- inside a string and a quoted identifier", `COMMENT ON TABLE "a;--b" IS 'x; -- y'; SELECT 1`, [`COMMENT ON TABLE "a;--b" IS 'x; -- y'`, "SELECT 1"]],
    ["dollar quoting", "DO $body$ BEGIN RAISE NOTICE 'a;b'; END $body$; SELECT 2", ["DO $body$ BEGIN RAISE NOTICE 'a;b'; END $body$", "SELECT 2"]],
    ["multi-byte text before a statement", "COMMENT ON COLUMN t.a IS '订单号;'; SELECT 'é'", ["COMMENT ON COLUMN t.a IS '订单号;'", "SELECT 'é'"]],
    ["comments before statements", "-- first\nSELECT 1;\n/* second; */ SELECT 2", ["-- first\nSELECT 1", "/* second; */ SELECT 2"]],
    ["only comments", "-- nothing\n/* here */", []],
    ["an empty text", "  ", []],
  ])("cuts %s by the parser's positions", async (_name, sql, texts) => {
    expect((await parseSql(sql, "sql")).map((statement) => statement.text)).toEqual(texts);
  });

  it("gives each statement's node type", async () => {
    expect((await parseSql("BEGIN; CREATE TABLE t (a int); COMMIT", "ddl")).map((statement) => statement.type)).toEqual(["TransactionStmt", "CreateStmt", "TransactionStmt"]);
  });

  it("reports a syntax error on the field, with the parser's message, line and column", async () => {
    await expect(parseSql("CREATE TABLE t (\n  a int,\n  b tex t\n)", "ddl")).rejects.toMatchObject({
      code: "INVALID",
      field: "ddl",
      message: 'The SQL does not parse: syntax error at or near "t" (line 3, column 9). Correct it and run it again.',
    });
    await expect(parseSql("SELECT '中文' FROM WHERE", "sql")).rejects.toThrow(/syntax error at or near "WHERE" \(line 1, column 18\)/);
  });
});
