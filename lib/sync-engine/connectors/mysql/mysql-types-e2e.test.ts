import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../runner";
import { createMysqlTestDatabase } from "../../testing/mysql-test-database";
import { createTestDatabase } from "../../testing/postgres-test-database";
import type { DataSourceConfig } from "../registry";

/**
 * Every MySQL type the README's mapping table lists, from the real MariaDB into PostgreSQL
 * (standing in for Hologres) through runJob, in fast (COPY) and SQL mode: extremes, NULLs,
 * escapes and 4-byte UTF-8. Values are compared as the target prints them.
 */

let source: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

// column, MySQL type, Hologres/PostgreSQL type per the README's mapping
const COLUMNS: Array<[string, string, string]> = [
  ["ti", "TINYINT", "int2"],
  ["tiu", "TINYINT UNSIGNED", "int2"],
  ["si", "SMALLINT", "int2"],
  ["siu", "SMALLINT UNSIGNED", "int4"],
  ["mi", "MEDIUMINT", "int4"],
  ["i", "INT", "int4"],
  ["iu", "INT UNSIGNED", "int8"],
  ["bi", "BIGINT", "int8"],
  ["bu", "BIGINT UNSIGNED", "numeric(20,0)"],
  ["d", "DECIMAL(65,30)", "numeric(65,30)"],
  ["f", "FLOAT", "float4"],
  ["db", "DOUBLE", "float8"],
  ["b1", "BIT(1)", "boolean"],
  ["b8", "BIT(8)", "int8"],
  ["b64", "BIT(64)", "numeric(20,0)"],
  ["dt", "DATE", "date"],
  ["dtm", "DATETIME(6)", "timestamp"],
  ["ts", "TIMESTAMP(6) NULL", "timestamptz"],
  ["tm", "TIME", "text"],
  ["yr", "YEAR", "int2"],
  ["c", "CHAR(10)", "char(10)"],
  ["vc", "VARCHAR(255)", "varchar(255)"],
  ["tx", "LONGTEXT", "text"],
  ["vb", "VARBINARY(16)", "bytea"],
  ["bl", "BLOB", "bytea"],
  ["js", "JSON", "jsonb"],
  ["en", "ENUM('small','large')", "text"],
  ["st", "SET('x','y','z')", "text"],
];

// MySQL literal per column, and what PostgreSQL prints for it (null: SQL NULL).
type Case = { name: string; values: Record<string, [string, string | null]> };
const CASES: Case[] = [
  {
    name: "minimums",
    values: {
      ti: ["-128", "-128"], tiu: ["0", "0"], si: ["-32768", "-32768"], siu: ["0", "0"], mi: ["-8388608", "-8388608"], i: ["-2147483648", "-2147483648"],
      iu: ["0", "0"], bi: ["-9223372036854775808", "-9223372036854775808"], bu: ["0", "0"],
      d: ["-99999999999999999999999999999999999.999999999999999999999999999999", "-99999999999999999999999999999999999.999999999999999999999999999999"],
      f: ["-3.40282e38", "-3.40282e+38"], db: ["-1.7976931348623157e308", "-1.7976931348623157e+308"],
      b1: ["b'0'", "false"], b8: ["b'00000000'", "0"], b64: ["0", "0"],
      dt: ["'1000-01-01'", "1000-01-01"], dtm: ["'1000-01-01 00:00:00.000000'", "1000-01-01 00:00:00"], ts: ["'1970-01-01 00:00:01.000000'", "1970-01-01 00:00:01+00"],
      tm: ["'-838:59:59'", "-838:59:59"], yr: ["1901", "1901"], c: ["''", ""], vc: ["''", ""], tx: ["''", ""], vb: ["X''", "\\x"], bl: ["X'00'", "\\x00"],
      js: ["'[]'", "[]"], en: ["'small'", "small"], st: ["''", ""],
    },
  },
  {
    name: "maximums",
    values: {
      ti: ["127", "127"], tiu: ["255", "255"], si: ["32767", "32767"], siu: ["65535", "65535"], mi: ["8388607", "8388607"], i: ["2147483647", "2147483647"],
      iu: ["4294967295", "4294967295"], bi: ["9223372036854775807", "9223372036854775807"], bu: ["18446744073709551615", "18446744073709551615"],
      d: ["99999999999999999999999999999999999.999999999999999999999999999999", "99999999999999999999999999999999999.999999999999999999999999999999"],
      f: ["3.40282e38", "3.40282e+38"], db: ["1.7976931348623157e308", "1.7976931348623157e+308"],
      b1: ["b'1'", "true"], b8: ["b'11111111'", "255"], b64: ["b'1111111111111111111111111111111111111111111111111111111111111111'", "18446744073709551615"],
      dt: ["'9999-12-31'", "9999-12-31"], dtm: ["'9999-12-31 23:59:59.999999'", "9999-12-31 23:59:59.999999"], ts: ["'2038-01-19 03:14:07.999999'", "2038-01-19 03:14:07.999999+00"],
      tm: ["'838:59:59'", "838:59:59"], yr: ["2155", "2155"], c: ["'abcdefghij'", "abcdefghij"], vc: [`'${"é".repeat(255)}'`, "é".repeat(255)],
      tx: ["'tab\\there\\nnew line \\\\ backslash'", "tab\there\nnew line \\ backslash"], vb: ["X'00FF7F80'", "\\x00ff7f80"], bl: ["X'DEADBEEF'", "\\xdeadbeef"],
      js: [`'{"a": [1, 2.5, "x"], "b": null, "c": "😀"}'`, `{"a": [1, 2.5, "x"], "b": null, "c": "😀"}`], en: ["'large'", "large"], st: ["'x,y,z'", "x,y,z"],
    },
  },
  {
    name: "small and unusual values",
    values: {
      ti: ["0", "0"], tiu: ["1", "1"], si: ["-1", "-1"], siu: ["1", "1"], mi: ["0", "0"], i: ["0", "0"], iu: ["1", "1"], bi: ["-1", "-1"], bu: ["9223372036854775808", "9223372036854775808"],
      d: ["0.000000000000000000000000000001", "0.000000000000000000000000000001"], f: ["1.17549e-38", "1.17549e-38"], db: ["5e-324", "5e-324"],
      b1: ["b'1'", "true"], b8: ["b'10000000'", "128"], b64: ["b'1000000000000000000000000000000000000000000000000000000000000000'", "9223372036854775808"],
      dt: ["'2026-02-28'", "2026-02-28"], dtm: ["'2026-03-29 02:30:00.5'", "2026-03-29 02:30:00.5"], ts: ["'2026-11-29 16:00:00'", "2026-11-29 16:00:00+00"],
      tm: ["'00:00:00.000000'", "00:00:00"], yr: ["2026", "2026"], c: ["'中文'", "中文"], vc: ["'utf8mb4: 😀 𝄞 ñ'", "utf8mb4: 😀 𝄞 ñ"], tx: ["'\\\\N is not null'", "\\N is not null"],
      vb: ["X'5C4E'", "\\x5c4e"], bl: ["X'0A0D09'", "\\x0a0d09"], js: ["'\"just a string\"'", '"just a string"'], en: ["'small'", "small"], st: ["'z'", "z"],
    },
  },
  { name: "NULLs", values: Object.fromEntries(COLUMNS.map(([name]) => [name, ["NULL", null] as [string, string | null]])) },
];

beforeAll(async () => {
  source = await createMysqlTestDatabase("types");
  target = await createTestDatabase("mysql_types");
  dataSources = { shop: { type: "mysql", config: source.config }, holo_demo: { type: "holo", config: target.config } };
  await source.admin.query(`CREATE TABLE all_types (id INT PRIMARY KEY, ${COLUMNS.map(([name, type]) => `\`${name}\` ${type}`).join(", ")}) CHARACTER SET utf8mb4`);
  for (const [index, testCase] of CASES.entries()) {
    await source.admin.query(`INSERT INTO all_types VALUES (${index}, ${COLUMNS.map(([name]) => testCase.values[name]![0]).join(", ")})`);
  }
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

function job(table: string, writeMode: "sdk" | "sql", extra: Record<string, unknown> = {}) {
  const columns = ["id", ...COLUMNS.map(([name]) => name)];
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", table: "all_types", column: columns, splitPk: "id", ...extra } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table, column: columns, writeMode, truncate: true } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 3 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

describe("MySQL types into PostgreSQL (Hologres)", () => {
  it.each(["sdk", "sql"] as const)("every type round-trips exactly in %s mode", async (writeMode) => {
    const table = `mysql_types_${writeMode}`;
    await target.client.query(`CREATE TABLE ${table} (id int4 PRIMARY KEY, ${COLUMNS.map(([name, , type]) => `"${name}" ${type}`).join(", ")})`);
    const report = await runJob(job(table, writeMode), { dataSources });
    expect(report.error).toBeNull();
    expect(report.recordsWritten).toBe(CASES.length);
    await target.client.query("SET TimeZone = 'UTC'");
    const { rows } = await target.client.query({ text: `SELECT id, ${COLUMNS.map(([name]) => `"${name}"::text`).join(", ")} FROM ${table} ORDER BY id`, rowMode: "array" });
    for (const [index, testCase] of CASES.entries()) {
      const actual = Object.fromEntries(COLUMNS.map(([name], i) => [name, rows[index][i + 1] as string | null]));
      const expected = Object.fromEntries(COLUMNS.map(([name]) => [name, testCase.values[name]![1]]));
      // jsonb normalizes spacing; compare JSON values.
      if (expected.js !== null) {
        expect(JSON.parse(actual.js!), `${testCase.name}: js`).toEqual(JSON.parse(expected.js!));
        delete actual.js;
        delete expected.js;
      }
      expect(actual, testCase.name).toEqual(expected);
    }
  });

  it("a zero date is a dirty record naming its column; with NULL in querySql it is not", async () => {
    await source.admin.query("SET SESSION sql_mode = ''; CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE, t DATETIME); INSERT INTO zero_dates VALUES (1, '0000-00-00', '2026-01-01 00:00:00'), (2, '2026-11-29', '0000-00-00 00:00:00'), (3, '2026-11-30', '2026-11-30 12:00:00')");
    await target.client.query("CREATE TABLE zero_dates (id int4, d date, t timestamp)");
    const spec = (reader: Record<string, unknown>) => ({
      type: "job",
      version: "2.0",
      steps: [
        { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", ...reader } },
        { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "zero_dates", column: ["id", "d", "t"], truncate: true } },
      ],
      setting: { errorLimit: { record: "5" }, speed: { throttle: false, concurrent: 1 } },
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    });
    const dirty = await runJob(spec({ table: "zero_dates", column: ["id", "d", "t"] }), { dataSources });
    expect(dirty.error).toBeNull();
    expect(dirty.recordsWritten).toBe(1);
    expect(dirty.dirtySample.map((r) => r.values.id).sort()).toEqual(["1", "2"]);
    expect(dirty.dirtySample.map((r) => r.reason).join(" ")).toMatch(/out of range|0000-00-00/);

    const nulls = await runJob(spec({ querySql: "SELECT id, IF(d = 0, NULL, d) AS d, IF(t = 0, NULL, t) AS t FROM zero_dates" }), { dataSources });
    expect(nulls.error).toBeNull();
    expect(nulls.recordsWritten).toBe(3);
    expect(nulls.dirtyRecords).toBe(0);
  });
});
