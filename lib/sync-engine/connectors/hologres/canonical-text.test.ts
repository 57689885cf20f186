import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../testing/postgres-test-database";
import { describeTable } from "./catalog";
import { planCanonicalColumns, escapeCopyText, type CanonicalColumn } from "./canonical-text";
import { postgresFloatText } from "./canonical-numbers";
import { formatInstant } from "./copy-text-encoder";

/**
 * The canonical text must be the same on both sides: for each type, texts the writer could
 * send are stored in real PostgreSQL, and the field the target-side SQL gives for each stored
 * value is compared with what the source side computes from the text sent.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let tableNumber = 0;

beforeAll(async () => {
  db = await createTestDatabase("canonical");
});
afterAll(async () => {
  await db?.drop();
});

const SESSION = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1; SET standard_conforming_strings = on";

/** Stores each text the server accepts; returns [sent text, target-side field] for those rows. */
async function storeAndRead(type: string, sourceType: string, texts: Array<string | null>, textForm: "copy" | "sql" = "copy", sourceText: "writer" | "native" = "writer") {
  const table = `t${++tableNumber}`;
  await db.client.query(`CREATE TABLE ${table} (id int4, v ${type})`);
  // The writer's own session does not fix the output settings; only the verifier's does.
  await db.client.query("RESET ALL");
  for (let start = 0; start < texts.length; start += 5000) {
    const slice = texts.slice(start, start + 5000);
    try {
      await db.client.query(`INSERT INTO ${table} SELECT ord + ${start}, x::${type} FROM unnest($1::text[]) WITH ORDINALITY AS u(x, ord)`, [slice]);
    } catch {
      // One refused value refuses the lot: store them one by one, skipping refused ones.
      for (const [i, text] of slice.entries()) await db.client.query(`INSERT INTO ${table} VALUES ($1, $2)`, [start + i + 1, text]).catch(() => {});
    }
  }
  const info = (await describeTable(db.client, { schema: "public", table }))!;
  const column: CanonicalColumn = planCanonicalColumns([{ name: "v", target: info.columns[1]!, sourceType, sourceText }], { serverVersionNum: 150000, textForm })[0]!;
  await db.client.query(SESSION);
  const { rows } = await db.client.query<{ id: number; field: string }>(
    `SELECT id, coalesce(${column.fieldSql("v0")}, '\\N') AS field FROM (SELECT id, ${column.baseSql} AS v0 FROM ${table}) s ORDER BY id`,
  );
  await db.client.query("RESET ALL");
  return { column, pairs: rows.map((row) => [texts[row.id - 1]!, row.field] as const) };
}

/** The source side's field for a sent text (as `HologresRowsDigest` computes it). */
function sourceField(column: CanonicalColumn, raw: string | null): string | undefined {
  if (raw === null) return "\\N";
  if (column.form === "same" || (column.form === "float" && !/e\+|\d{16}/.test(raw))) return escapeCopyText(raw);
  const canonical = column.canonical(raw);
  return canonical === undefined ? undefined : escapeCopyText(canonical);
}

async function expectAgreement(
  type: string,
  sourceType: string,
  texts: Array<string | null>,
  options: { textForm?: "copy" | "sql"; minimumStored?: number; sourceText?: "writer" | "native" } = {},
) {
  const { column, pairs } = await storeAndRead(type, sourceType, texts, options.textForm, options.sourceText);
  const differences = pairs.filter(([raw, field]) => {
    const mine = sourceField(column, raw);
    return mine !== undefined && mine !== field;
  });
  expect(differences.slice(0, 10)).toEqual([]);
  expect(pairs.length).toBeGreaterThanOrEqual(options.minimumStored ?? 1);
  return { column, pairs };
}

function randomDoubles(count: number): number[] {
  const bytes = Buffer.alloc(8);
  const values: number[] = [];
  for (let i = 0; values.length < count; i++) {
    if (i % 3 === 0) {
      bytes.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, 0);
      bytes.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, 4);
      const x = bytes.readDoubleBE(0);
      if (Number.isFinite(x)) values.push(x);
    } else if (i % 3 === 1) {
      values.push(Number((Math.random() * 10 ** (Math.floor(Math.random() * 60) - 30)).toPrecision(1 + Math.floor(Math.random() * 17))));
    } else {
      values.push(Math.round(Math.random() * 2 ** 62) * 2 ** Math.floor(Math.random() * 30));
    }
  }
  return values;
}

describe("canonical text: the source side's text equals the target side's for every value the server stores", () => {
  it("float8 from DOUBLE: JavaScript's text, with PostgreSQL's own digits for doubles of 2^53 and more", async () => {
    const edge = [0, -0, 1e15, 1e16, 1e-5, 1e-6, 1e-7, 1e20, 1e21, 1e23, 6.2e22, 63447737715736176, 2 ** 53, 2 ** 53 + 2, 2 ** 60, 2 ** 1023, 5e-324, 1.7976931348623157e308, -2.5e-6, 0.1, NaN, Infinity, -Infinity];
    // Powers of two (a narrower gap below) and of ten (short decimals near the boundaries), and their neighbours.
    const near = (x: number): number[] => {
      const bits = Buffer.alloc(8);
      bits.writeDoubleBE(x);
      const n = bits.readBigUInt64BE();
      return [n - 1n, n, n + 1n].map((m) => (bits.writeBigUInt64BE(m), bits.readDoubleBE()));
    };
    for (let k = 53; k <= 1023; k++) edge.push(...near(2 ** k));
    for (let e = 15; e <= 308; e++) edge.push(...near(Number(`1e${e}`)), ...near(Number(`5e${e}`)), ...near(Number(`2.5e${e}`)));
    const values = [...edge, ...randomDoubles(30_000)];
    const { column, pairs } = await expectAgreement("float8", "double", values.map((x) => String(x)), { minimumStored: 30_000 });
    expect(column.form).toBe("float");
    // The boundary case: PostgreSQL does not print JavaScript's 63447737715736180.
    expect(pairs.find(([raw]) => raw === "63447737715736180")?.[1]).toBe("63447737715736176");
    expect(postgresFloatText(1e23)).toBe("9.999999999999999e+22");
  });

  it("float4 from FLOAT and from DOUBLE (rounded to float4 as the server does)", async () => {
    const floats = randomDoubles(10_000).map((x) => Math.fround(x)).filter((x) => Number.isFinite(x) && (x === 0 || Math.abs(x) > 1.2e-38));
    await expectAgreement("float4", "float", floats.map(String), { minimumStored: 5_000 });
    const doubles = randomDoubles(10_000).filter((x) => Math.abs(x) < 3e38 && (x === 0 || Math.abs(x) > 1.2e-38));
    const { column } = await expectAgreement("float4", "double", doubles.map(String), { minimumStored: 5_000 });
    expect(column.form).toBe("convert");
  });

  it("numeric with and without a scale: rounded half away from zero, trailing zeros trimmed", async () => {
    const texts = ["1.50", "-0.00", "0", "1e3", "1.005", "-1.005", "2.675", "  42 ", "+7.10", "NaN", "-1.5e-3", ".5", "5.", "123456789.123456789", "1E+2", "999.995", "-0.004"];
    const { column } = await expectAgreement("numeric(12,2)", "decimal(12,2)", texts, { minimumStored: 15 });
    expect(column.canonical("1.005")).toBe("1.01");
    await expectAgreement("numeric", "string", [...texts, "Infinity", "-inf", "1.2345678901234567890123e-10"], { minimumStored: 18 });
    await expectAgreement("numeric(5,-2)", "bigint", ["12345", "149", "150", "-150"]);
  });

  it("jsonb: keys sorted by length and bytes, the last repeated key kept, numbers as numerics, strings re-escaped", async () => {
    const texts = [
      '{"b": 1, "a": 2, "aa": [1, 2.50, 1e2, -0, 0.0], "a": 3}',
      ' [ true , false , null , "x\\u0041\\n\\"q\\"\\/" ] ',
      '{"é": 1, "z": 2, "\\ud83d\\ude00": {"nested": {}}}',
      '"plain"',
      "12.30",
      '{"tab\\there": "\\u001f\\u007f"}',
      '{"k": "\\u0000"}',
      "[1, 2",
      "01",
      '{"a":1.25e-1,"b":-1.0E+2,"c":123456789012345678901234567890}',
    ];
    const { column, pairs } = await expectAgreement("jsonb", "json", texts, { minimumStored: 7 });
    expect(column.canonical('{"k": "\\u0000"}')).toBeUndefined();
    expect(pairs.some(([, field]) => field.includes("\\\\"))).toBe(true);
  });

  it("timestamptz and timestamp from DATETIME as the writer writes them, and ISO strings with a zone", async () => {
    const instants = [0, 1_790_000_000_123, -62_135_596_800_000, -62_198_755_200_000, 253_402_300_799_999, 1_000].map((ms) => {
      const subsecond = ((ms % 1000) + 1000) % 1000;
      return formatInstant(ms - subsecond, subsecond * 1000);
    });
    instants.push(formatInstant(1_790_000_000_000, 500_000), formatInstant(1_790_000_000_000, 1));
    const tz = await expectAgreement("timestamptz", "datetime", instants, { minimumStored: 8 });
    expect(tz.column.form).toBe("same");
    await expectAgreement("timestamp", "timestamp", instants, { minimumStored: 8 });
    const strings = ["2026-11-23 10:00:00+08", "2026-11-23T23:30:00.25-05:30", "2026-11-23 10:00:00Z", "0044-03-15 12:00:00+00 BC", "2026-02-29 00:00:00+00", "2024-02-29 00:00:00.000001+01"];
    await expectAgreement("timestamptz", "string", strings, { minimumStored: 4 });
    await expectAgreement("timestamp", "string", [...strings, "2026-11-23", "2026-11-23 10:00:00"], { minimumStored: 6 });
  });

  it("booleans and timestamps as a PostgreSQL or MySQL source's own text (t, .5, no +00) convert", async () => {
    const bool = await expectAgreement("boolean", "boolean", ["t", "f", "true", "false"], { minimumStored: 4, sourceText: "native" });
    expect(bool.column.form).toBe("convert");
    const wallClock = ["2026-11-01 08:00:01", "2026-11-01 08:00:01.5", "2026-11-01 08:00:01.123456", "0044-03-15 12:00:00 BC"];
    const timestamp = await expectAgreement("timestamp", "timestamp_ntz", wallClock, { minimumStored: 4, sourceText: "native" });
    expect(timestamp.column.form).toBe("convert");
    const instants = ["2026-11-01 08:00:01+00", "2026-11-01 08:00:01.5+00", "2026-11-01 08:00:01.25+05:30"];
    expect((await expectAgreement("timestamptz", "timestamp", instants, { minimumStored: 3, sourceText: "native" })).column.form).toBe("convert");
  });

  it("integers, booleans, dates, bytea, varchar(n), char(n) and text from the values a STRING column sends", async () => {
    await expectAgreement("int8", "string", [" 42", "-0", "+007", "9223372036854775807", "1.5", "", "x"], { minimumStored: 4 });
    await expectAgreement("int4", "bigint", ["1", "-2147483648", null], { minimumStored: 3 });
    await expectAgreement("boolean", "string", ["t", "TRUE", " yes ", "on", "of", "off", "0", "1", "n", "maybe", null], { minimumStored: 10 });
    await expectAgreement("boolean", "boolean", ["true", "false"], { minimumStored: 2 });
    await expectAgreement("date", "date", ["2026-11-23", "0001-01-01", "0044-03-15 BC", "9999-12-31"], { minimumStored: 4 });
    await expectAgreement("date", "string", ["2026-11-23", "2024-02-29", "2026-02-29", " 2026-01-05 ", "infinity", "0001-01-01 BC"], { minimumStored: 5 });
    await expectAgreement("bytea", "binary", ["\\x", "\\x00ff10"], { minimumStored: 2 });
    await expectAgreement("bytea", "string", ["\\x0A0B", "abc", "é"], { minimumStored: 3 });
    await expectAgreement("varchar(3)", "string", ["abc", "ab ", "abc   ", "abcd", "é😀x"], { minimumStored: 4 });
    await expectAgreement("char(4)", "string", ["ab", "abcd", "ab    ", "a b ", ""], { minimumStored: 5 });
    await expectAgreement("text", "string", ["tab\there", "new\nline", "back\\slash", "\\N", "", null], { minimumStored: 6 });
    await expectAgreement("int8[]", "array<bigint>", ["{1,2,NULL}", "{}"], { minimumStored: 2 });
  });

  it("SQL mode sends DATE as it is, so a date column is converted rather than taken as sent", async () => {
    const { column } = await expectAgreement("date", "date", ["2026-11-23"], { textForm: "sql" });
    expect(column.form).toBe("convert");
  });

  it("leaves out of the checksum what it cannot make exact, saying why", async () => {
    const [tags, when, money] = planCanonicalColumns(
      [
        { name: "tags", target: { type: "text[]", typeName: "_text", category: "A", elementType: "text" }, sourceType: "array<string>" },
        { name: "when", target: { type: "timestamp(3) with time zone", typeName: "timestamptz", category: "D", elementType: null }, sourceType: "datetime" },
        { name: "money", target: { type: "money", typeName: "money", category: "N", elementType: null }, sourceType: "string" },
      ],
      { serverVersionNum: 150000, textForm: "copy" },
    );
    expect(tags!.form).toBe("skip");
    expect(when!.skipReason).toMatch(/rounds fractions/);
    expect(money!.skipReason).toMatch(/no exact canonical text/);
    const [old] = planCanonicalColumns([{ name: "x", target: { type: "double precision", typeName: "float8", category: "N", elementType: null }, sourceType: "double" }], {
      serverVersionNum: 110000,
      textForm: "copy",
    });
    expect(old!.skipReason).toMatch(/PostgreSQL 12/);
  });
});
