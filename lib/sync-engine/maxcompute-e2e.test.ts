import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BANK_DATA_COLUMNS, generateBankDataRows } from "../maxcompute-local";
import { allTypesRows, odpsTableRows } from "../maxcompute-local/demo-tables";
import { generateCreateTableDdl } from "./connectors/hologres";
import { runJob } from "./runner";
import { openEngineTestWorld, utcBizdateBefore, type EngineTestWorld } from "./testing/engine-test-world";

/**
 * The guide's three scenarios end to end: the local MaxCompute service over HTTP (Tunnel
 * downloads, signed requests) into PostgreSQL standing in for Hologres.
 */

const BANK_ROWS = 20_000;
let world: EngineTestWorld;
let db: EngineTestWorld["db"];
let dataSources: EngineTestWorld["dataSources"];
let odps: EngineTestWorld["odps"];
const today = new Date();
const bizdate = utcBizdateBefore(today);

beforeAll(async () => {
  world = await openEngineTestWorld({ name: "e2e", demoTables: { today, bankDataRows: BANK_ROWS } });
  ({ db, odps, dataSources } = world);
});

afterAll(async () => {
  await world?.close();
});

const example = async (name: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(path.join(import.meta.dirname, "examples", name), "utf8")) as Record<string, unknown>;

const sortRows = (rows: string[][]): string[][] => rows.map((r) => r.join("\u0001")).sort().map((r) => r.split("\u0001"));

async function expectBankData(table: string, source: unknown[][] = generateBankDataRows(BANK_ROWS)): Promise<void> {
  const { rows } = await db.client.query({ text: `SELECT * FROM ${table}`, rowMode: "array" });
  const actual = sortRows(rows.map((row: unknown[]) => row.map((v) => String(v))));
  const expected = sortRows(source.map((row) => row.map((v) => String(v))));
  expect(actual.length).toBe(expected.length);
  expect(actual).toEqual(expected);
}

describe("the guide's scenarios over the local MaxCompute service", () => {
  it("bank_data into a non-partitioned table: every row and every value equal", async () => {
    const schema = await odps.getTable("bank_data");
    await db.client.query(generateCreateTableDdl(schema, { tableName: "public.bank_data", flavour: "postgres" }));
    const report = await runJob(await example("bank-data-to-holo.json"), { dataSources });
    expect(report.error).toBeNull();
    expect(report.recordsWritten).toBe(BANK_ROWS);
    expect(report.totalRecords).toBe(BANK_ROWS);
    await expectBankData("bank_data");
  });

  it("bank_data in small COPY batches with dirty rows in every batch: the rows written are exactly the clean ones", async () => {
    // 20,000 rows are ~2.4 MB of COPY text in 1,500-row COPY batches: more than the 1 MB output
    // buffers the two splits' decoders share, so released buffers are reused while other
    // batches are in flight. The CHECK refuses 57 rows spread over every batch, so every
    // batch is split again from its kept bytes: a buffer reused too early would show here.
    const schema = await odps.getTable("bank_data");
    await db.client.query(generateCreateTableDdl(schema, { tableName: "public.bank_data_small_batches", flavour: "postgres" }));
    await db.client.query("ALTER TABLE bank_data_small_batches ADD CHECK (campaign < 10)");
    const job = (await example("bank-data-to-holo.json")) as {
      steps: Array<{ parameter: Record<string, unknown> }>;
      setting: { speed: Record<string, unknown>; errorLimit: Record<string, unknown> };
    };
    Object.assign(job.steps[1]!.parameter, { table: "public.bank_data_small_batches", batchSize: 1500 });
    job.setting.speed.concurrent = 1;
    job.setting.errorLimit.record = "";
    const logs: string[] = [];
    const report = await runJob(job, { dataSources, onLog: (line) => logs.push(line.message) });
    expect(report.error).toBeNull();
    expect(logs.some((line) => line.includes("as COPY text"))).toBe(true);
    const campaign = BANK_DATA_COLUMNS.findIndex((c) => c.name === "campaign");
    const clean = generateBankDataRows(BANK_ROWS).filter((row) => Number(row[campaign]) < 10);
    expect(report.dirtyRecords).toBe(BANK_ROWS - clean.length);
    expect(report.dirtyRecords).toBeGreaterThan(14);
    await expectBankData("bank_data_small_batches", clean);
  });

  it("odps_table partition sale_date=${bizdate} into the partitioned holo_test: the child holds exactly that partition's rows", async () => {
    const schema = await odps.getTable("odps_table");
    await db.client.query(generateCreateTableDdl(schema, { tableName: "public.holo_test", partitionColumn: "sale_date", flavour: "postgres" }));
    const report = await runJob(await example("odps-table-to-partitioned-holo.json"), { dataSources, parameters: { bizdate } });
    expect(report.error).toBeNull();
    const expected = sortRows(["09", "14", "20"].flatMap((t) => odpsTableRows(bizdate, t).map((r) => [r[0], r[1], String(r[2]), bizdate, t])));
    const child = `holo_test_${bizdate}`;
    const children = await db.client.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.holo_test'::regclass");
    expect(children.rows.map((r) => r.relname)).toEqual([child]);
    const { rows } = await db.client.query({ text: `SELECT shop_name, customer_id, total_price, sale_date, sale_time FROM ${child}`, rowMode: "array" });
    expect(sortRows(rows.map((r: unknown[]) => r.map(String)))).toEqual(expected);
    // A rerun of the same day replaces the partition (truncate: true), never duplicates it.
    const again = await runJob(await example("odps-table-to-partitioned-holo.json"), { dataSources, parameters: { bizdate } });
    expect(again.status).toBe("succeeded");
    expect((await db.client.query("SELECT count(*)::int AS n FROM holo_test")).rows[0].n).toBe(expected.length);
  });

  it("odps_table into a non-partitioned table with the partition columns filled as ordinary columns", async () => {
    const schema = await odps.getTable("odps_table");
    await db.client.query(generateCreateTableDdl(schema, { tableName: "public.holo", flavour: "postgres" }));
    const report = await runJob(await example("odps-table-to-holo.json"), { dataSources, parameters: { bizdate } });
    expect(report.error).toBeNull();
    const expected = sortRows(["09", "14", "20"].flatMap((t) => odpsTableRows(bizdate, t).map((r) => [r[0], r[1], String(r[2]), bizdate, t])));
    const { rows } = await db.client.query({ text: "SELECT shop_name, customer_id, total_price, sale_date, sale_time FROM holo", rowMode: "array" });
    expect(sortRows(rows.map((r: unknown[]) => r.map(String)))).toEqual(expected);
  });

  it("reader columns may be constants, parameters and partition columns", async () => {
    await db.client.query("CREATE TABLE mixed (shop_name text, label text, day text, sale_time text)");
    const report = await runJob(
      {
        type: "job",
        version: "2.0",
        steps: [
          {
            stepType: "odps",
            category: "reader",
            name: "Reader",
            parameter: { datasource: "odps_first", table: "odps_table", partition: "sale_date=${bizdate},sale_time=09", column: ["shop_name", "'it''s fixed'", "${bizdate}", "sale_time"] },
          },
          { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "mixed", column: ["shop_name", "label", "day", "sale_time"] } },
        ],
        setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
        order: { hops: [{ from: "Reader", to: "Writer" }] },
      },
      { dataSources, parameters: { bizdate } },
    );
    expect(report.error).toBeNull();
    const { rows } = await db.client.query({ text: "SELECT shop_name, label, day, sale_time FROM mixed", rowMode: "array" });
    expect(sortRows(rows.map((r: unknown[]) => r.map(String)))).toEqual(sortRows(odpsTableRows(bizdate, "09").map((r) => [r[0], "it's fixed", bizdate, "09"])));
  });

  it("names a reader column that is not in the source table, before anything is written", async () => {
    const report = await runJob(
      {
        type: "job",
        version: "2.0",
        steps: [
          { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "bank_data", column: ["age", "jobb"] } },
          { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "bank_data", column: ["age", "job"] } },
        ],
        setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
        order: { hops: [{ from: "Reader", to: "Writer" }] },
      },
      { dataSources },
    );
    expect(report.error?.code).toBe("SOURCE_COLUMN_NOT_FOUND");
    expect(report.error?.message).toContain('"jobb"');
  });

  it("the COPY-text path writes the same rows and refuses the same dirty rows as the value path", async () => {
    const schema = await odps.getTable("all_types");
    const columns = schema.columns.map((c) => c.name);
    const outcomes = [];
    for (const [name, copyTextPath, batchSize] of [["values", false, undefined], ["copytext", true, 2]] as const) {
      const table = `all_types_path_${name}`;
      await db.client.query(generateCreateTableDdl(schema, { tableName: table, flavour: "postgres" }));
      // int4 refuses the BIGINT extremes and 2^53: three dirty rows of five.
      await db.client.query(`ALTER TABLE ${table} ALTER COLUMN c_bigint TYPE int4`);
      const dirty: unknown[] = [];
      const logs: string[] = [];
      const report = await runJob(
        {
          type: "job",
          version: "2.0",
          steps: [
            { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "all_types", column: ["*"] } },
            { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table, column: columns, writeMode: "sdk", batchSize } },
          ],
          setting: { errorLimit: { record: "" }, speed: { throttle: false, concurrent: 1 } },
          order: { hops: [{ from: "Reader", to: "Writer" }] },
        },
        { dataSources, copyTextPath, onDirtyRecord: (record) => dirty.push(record), onLog: (line) => logs.push(line.message) },
      );
      expect(report.error).toBeNull();
      expect(logs.some((line) => line.includes("as COPY text"))).toBe(copyTextPath);
      const { rows } = await db.client.query({ text: `SELECT t::text FROM ${table} t ORDER BY id`, rowMode: "array" });
      outcomes.push({ written: report.recordsWritten, rows, dirty: dirty.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) });
    }
    expect(outcomes[0]!.written).toBe(2);
    expect(outcomes[0]!.dirty).toHaveLength(3);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it.each(["sdk", "sql"] as const)("every MaxCompute type arrives with its exact value (%s mode)", async (writeMode) => {
    const schema = await odps.getTable("all_types");
    const table = `all_types_${writeMode}`;
    await db.client.query(generateCreateTableDdl(schema, { tableName: table, flavour: "postgres" }));
    const columns = schema.columns.map((c) => c.name);
    const report = await runJob(
      {
        type: "job",
        version: "2.0",
        steps: [
          { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "all_types", column: ["*"] } },
          { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table, column: columns, writeMode } },
        ],
        setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
        order: { hops: [{ from: "Reader", to: "Writer" }] },
      },
      { dataSources },
    );
    expect(report.error).toBeNull();
    const { rows } = await db.client.query(
      `SELECT id::int4 AS id, c_tinyint::text, c_smallint::text, c_int::text, c_bigint::text, c_float::float8::text, c_double::text, c_decimal::text,
              c_varchar, rtrim(c_char) AS c_char, c_string, encode(c_binary, 'hex') AS c_binary, c_boolean::text, c_date::text,
              to_char(c_datetime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS c_datetime,
              to_char(c_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS c_timestamp,
              array_to_json(c_array_bigint::text[])::text AS c_array_bigint, array_to_json(c_array_string)::text AS c_array_string
         FROM ${table} ORDER BY id`,
    );
    const micro = (text: string | null): string | null => {
      if (text === null) return null;
      const [date, time = "00:00:00"] = text.split(" ");
      const [hms, fraction = ""] = time.split(".");
      return `${date} ${hms}.${fraction.padEnd(6, "0").slice(0, 6)}`;
    };
    const expected = allTypesRows().map((row) => {
      const [id, ti, si, i, bi, f, d, dec, vc, ch, s, bin, b, date, dt, ts, ab, as] = row as [
        number, number | null, number | null, number | null, bigint | null, number | null, number | null, string | null, string | null, string | null,
        string | null, Buffer | null, boolean | null, string | null, string | null, string | null, Array<bigint | null> | null, Array<string | null> | null,
      ];
      const str = (v: unknown): string | null => (v === null ? null : String(v));
      return {
        id,
        c_tinyint: str(ti),
        c_smallint: str(si),
        c_int: str(i),
        c_bigint: str(bi),
        c_float: f === null ? null : String(Math.fround(f)),
        c_double: str(d),
        c_decimal: dec,
        c_varchar: vc,
        c_char: ch === null ? null : ch.trimEnd(),
        c_string: s,
        c_binary: bin === null ? null : bin.toString("hex"),
        c_boolean: str(b),
        c_date: date,
        c_datetime: micro(dt),
        c_timestamp: micro(ts),
        c_array_bigint: ab === null ? null : JSON.stringify(ab.map((v) => (v === null ? null : String(v)))),
        c_array_string: as === null ? null : JSON.stringify(as),
      };
    });
    expect(rows).toEqual(expected);
  });
});
