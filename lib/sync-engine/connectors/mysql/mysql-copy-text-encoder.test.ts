import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopyTextEncoder, numberToText } from "../../copy-text/copy-text-encoder";
import { createMysqlTestDatabase } from "../../testing/mysql-test-database";
import type { ReaderColumnExpression } from "../connector";
import { engineTypeText } from "../neutral-column-type";
import type { MysqlConfig } from "./mysql-config";
import { createMysqlReader, type MysqlSplit } from "./mysql-reader";

/**
 * The MySQL reader's COPY text path against its value path on the real MariaDB: for every
 * type, ZEROFILL, zero dates, escapes, 4-byte UTF-8, other character sets, constants and
 * querySql, `readCopyText` gives byte for byte what `CopyTextEncoder` writes for `read`'s rows.
 */

let source: Awaited<ReturnType<typeof createMysqlTestDatabase>>;

const COLUMNS: Array<[string, string]> = [
  ["ti", "TINYINT"],
  ["tiu", "TINYINT UNSIGNED"],
  ["siz", "SMALLINT(5) UNSIGNED ZEROFILL"],
  ["mi", "MEDIUMINT"],
  ["i", "INT"],
  ["iz", "INT(8) ZEROFILL"],
  ["iu", "INT UNSIGNED"],
  ["bi", "BIGINT"],
  ["biz", "BIGINT(12) ZEROFILL"],
  ["bu", "BIGINT UNSIGNED"],
  ["d", "DECIMAL(65,30)"],
  ["f", "FLOAT"],
  ["db", "DOUBLE"],
  ["b1", "BIT(1)"],
  ["b8", "BIT(8)"],
  ["b64", "BIT(64)"],
  ["dt", "DATE"],
  ["dtm", "DATETIME(6)"],
  ["ts", "TIMESTAMP(6) NULL"],
  ["tm", "TIME(3)"],
  ["yr", "YEAR"],
  ["c", "CHAR(10)"],
  ["vc", "VARCHAR(255)"],
  ["l1", "VARCHAR(50) CHARACTER SET latin1"],
  ["tx", "LONGTEXT"],
  ["vb", "VARBINARY(16)"],
  ["bl", "BLOB"],
  ["js", "JSON"],
  ["en", "ENUM('small','large')"],
  ["st", "SET('x','y','z')"],
];

/** Cells per row n, as MySQL expressions of n (`seq`). Every tenth row is NULLs. */
const CELLS: Record<string, string> = {
  ti: "(seq % 256) - 128",
  tiu: "seq % 256",
  siz: "seq % 65536",
  mi: "seq * 7 - 8388608",
  i: "seq * 104729 - 2147483648",
  iz: "seq * 3",
  iu: "seq * 429496",
  bi: "seq * 922337203685477 - 9223372036854775807",
  biz: "seq * 11",
  bu: "18446744073709551615 - seq",
  d: "CAST(CONCAT(IF(seq % 2, '-', ''), seq, '.', LPAD(seq * 7, 30, '0')) AS DECIMAL(65,30))",
  f: "(seq - 500) / 7",
  // Doubles across magnitudes: exponents both ways, below 1e-6, 16 and 17 digits, negative zero.
  db: "CASE seq % 8 WHEN 0 THEN (seq - 700) / 3 WHEN 1 THEN POW(10, (seq % 600) - 300) * 1.2345678901234567 WHEN 2 THEN 1 / (seq * 1000003) WHEN 3 THEN seq * 1e15 + 0.5 WHEN 4 THEN -0e0 WHEN 5 THEN 9039222031.874893 + seq WHEN 6 THEN seq / 10000000 ELSE PI() * seq END",
  b1: "seq % 2",
  b8: "seq % 256",
  b64: "CAST(18446744073709551615 AS UNSIGNED) - seq",
  dt: "IF(seq % 13 = 0, '0000-00-00', DATE_ADD('1000-01-01', INTERVAL seq * 97 DAY))",
  dtm: "IF(seq % 17 = 0, '0000-00-00 00:00:00', DATE_ADD('1000-01-01 00:00:00.000001', INTERVAL seq * 9973 MINUTE))",
  ts: "IF(seq % 19 = 0, '0000-00-00 00:00:00', FROM_UNIXTIME(seq * 1000003 + 0.25))",
  tm: "SEC_TO_TIME(seq * 977 - 3000000 + 0.125)",
  yr: "IF(seq % 23 = 0, 0, 1901 + seq % 255)",
  c: "LEFT(CONCAT('c', seq), 10)",
  vc: "CONCAT('tab\\there ', seq, '\\nnew\\rline \\\\ é 😀 中文 ', REPEAT('x', seq % 40))",
  l1: "CONCAT('latin1 é ', seq)",
  tx: "IF(seq % 3 = 0, '\\\\N is not null', REPEAT('long text\\t', seq % 50))",
  vb: "UNHEX(LPAD(HEX(seq * 2654435761), 16, '0'))",
  bl: "IF(seq % 5 = 0, X'', CONCAT(X'0A0D095C00FF', seq))",
  js: "JSON_OBJECT('n', seq, 's', CONCAT('a\\tb\\n', seq), 'e', '😀')",
  en: "IF(seq % 2, 'small', 'large')",
  st: "ELT(1 + seq % 4, '', 'x', 'x,y', 'x,y,z')",
};

const ROWS = 2000;

beforeAll(async () => {
  source = await createMysqlTestDatabase("copy_text");
  await source.admin.query("SET SESSION sql_mode = ''");
  await source.admin.query(`CREATE TABLE cells (id INT PRIMARY KEY, ${COLUMNS.map(([name, type]) => `\`${name}\` ${type}`).join(", ")}) CHARACTER SET utf8mb4`);
  await source.admin.query(
    `INSERT INTO cells SELECT seq, ${COLUMNS.map(([name]) => `IF(seq % 10 = 0, NULL, ${CELLS[name]})`).join(", ")} FROM (SELECT CAST(seq AS SIGNED) AS seq FROM seq_1_to_${ROWS}) AS numbers`,
  );
  await source.admin.query("CREATE TABLE shapes (id INT PRIMARY KEY, p POINT)");
});

afterAll(async () => {
  await source?.drop();
});

const expressions = (names: string[]): ReaderColumnExpression[] => names.map((text) => ({ text, fromParameter: false }));

/** Both paths over every split: the COPY text path's bytes, and the value path's rows encoded by the engine. */
async function bothPaths(options: { parameter: Record<string, unknown>; columns: ReaderColumnExpression[]; config?: Partial<MysqlConfig>; concurrency?: number; batchSize?: number }) {
  const config = { ...source.config, ...options.config };
  const reader = createMysqlReader({ config, parameter: { datasource: "shop", ...options.parameter }, columns: options.columns });
  const plan = await reader.plan({ signal: new AbortController().signal, concurrency: options.concurrency ?? 2, log: () => {} });
  const dateColumns = plan.columns.flatMap((c, i) => (/^date$/i.test(c.type) ? [i] : []));
  const encoder = new CopyTextEncoder({ dateColumns });
  const copyText: Buffer[] = [];
  let copyRows = 0;
  const signal = new AbortController().signal;
  const batchSize = options.batchSize ?? 64;
  expect(reader.readsCopyText!()).toBe(true);
  for (const split of plan.splits as MysqlSplit[]) {
    for await (const batch of reader.read(split, { signal, batchSize })) for (const row of batch) encoder.appendRow(row, plan.columns.length);
    for await (const batch of reader.readCopyText!(split, { signal, batchSize })) {
      expect(batch.bytes.subarray(-1).toString()).toBe("\n");
      expect(batch.bytes.toString("latin1").split("\n").length - 1).toBe(batch.rowCount);
      copyText.push(Buffer.from(batch.bytes));
      copyRows += batch.rowCount;
      batch.release?.();
    }
  }
  return { expected: encoder.takeChunk()?.toString("utf8") ?? "", actual: Buffer.concat(copyText).toString("utf8"), copyRows, plan };
}

describe("MySQL reader COPY text path", () => {
  it("gives the value path's bytes for every type, NULLs, ZEROFILL, zero dates and escapes", async () => {
    const { expected, actual, copyRows } = await bothPaths({ parameter: { table: "cells", splitPk: "id" }, columns: expressions(["id", ...COLUMNS.map(([name]) => name)]) });
    expect(copyRows).toBe(ROWS);
    expect(actual.split("\n")).toEqual(expected.split("\n"));
    // The cases the path hands to the value path did occur: zero dates, exponents, ZEROFILL.
    expect(actual).toContain("\t0001-00-00 BC\t");
    expect(actual).toContain("\t0000-00-00 00:00:00.000000\t");
    expect(actual).toMatch(/\t\d(\.\d+)?e-\d+\t/);
    expect(actual).toContain("\t000000000011\t");
  });

  it("gives the same bytes with constants, a column read twice, and querySql expressions", async () => {
    const withConstants = await bothPaths({
      parameter: { table: "cells", splitPk: "id" },
      columns: [{ text: "'tab\there'", fromParameter: false }, ...expressions(["vc", "db"]), { text: "20261201", fromParameter: true }],
      batchSize: 7,
      concurrency: 3,
    });
    expect(withConstants.actual).toBe(withConstants.expected);
    const query = await bothPaths({
      parameter: { querySql: "SELECT id, vc, vc AS again, CONCAT(c, '\\t', id) AS joined, d * 2 AS doubled, IF(id % 2, NULL, id) AS sometimes, db, CAST(dtm AS DATE) AS day, JSON_EXTRACT(js, '$.s') AS s FROM cells ORDER BY id" },
      columns: [],
      batchSize: 500,
    });
    expect(query.copyRows).toBe(ROWS);
    expect(query.actual).toBe(query.expected);
  });

  it("gives the same bytes over a latin1 connection", async () => {
    const { expected, actual } = await bothPaths({ parameter: { table: "cells", splitPk: "id" }, columns: expressions(["id", "vc", "l1", "tx", "c", "js"]), config: { charset: "latin1" } });
    expect(actual).toBe(expected);
    expect(actual).toContain("latin1 é");
  });

  it("writes each DOUBLE as the exact double of the server's text, in JavaScript's notation", async () => {
    const { actual, plan } = await bothPaths({ parameter: { querySql: "SELECT db, CAST(db AS CHAR) AS server_text FROM cells WHERE db IS NOT NULL" }, columns: [] });
    expect(engineTypeText(plan.columns[0]!.columnType!)).toBe("double");
    const lines = actual.trimEnd().split("\n").map((line) => line.split("\t"));
    expect(lines.length).toBeGreaterThan(1000);
    for (const [written, serverText] of lines) expect(written).toBe(numberToText(Number(serverText)));
  });

  it("is not offered for a column type without a text form (GEOMETRY)", async () => {
    const reader = createMysqlReader({ config: source.config, parameter: { datasource: "shop", table: "shapes" }, columns: expressions(["id", "p"]) });
    await reader.plan({ signal: new AbortController().signal, concurrency: 1, log: () => {} });
    expect(reader.readsCopyText!()).toBe(false);
  });
});
