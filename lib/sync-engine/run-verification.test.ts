import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BANK_DATA_COLUMNS, generateBankDataRows } from "../maxcompute-local";
import type { RowValue, SourceColumn } from "./connectors";
import { generateCreateTableDdl } from "./connectors/hologres";
import { runJob, type RunJobOptions } from "./runner";
import { createInMemoryReader, registryWithReader } from "./testing/in-memory-reader";
import { openEngineTestWorld, utcBizdateBefore, type EngineTestWorld } from "./testing/engine-test-world";

/**
 * `setting.verify` end to end: the local MaxCompute service over HTTP into PostgreSQL, and
 * targets that hold something other than what was written (a trigger, a Post-SQL, rows
 * already there).
 */

const BANK_ROWS = 3_000;
let world: EngineTestWorld;
let db: EngineTestWorld["db"];
let dataSources: EngineTestWorld["dataSources"];
let odps: EngineTestWorld["odps"];
const today = new Date();
const bizdate = utcBizdateBefore(today);
const bankColumns = BANK_DATA_COLUMNS.map((c) => c.name);

beforeAll(async () => {
  world = await openEngineTestWorld({ name: "verify", demoTables: { today, bankDataRows: BANK_ROWS, days: 2 } });
  ({ db, odps, dataSources } = world);
});

afterAll(async () => {
  await world?.close();
});

type JobOptions = {
  table: string;
  sourceTable?: string;
  readerColumns?: string[];
  writerColumns?: string[];
  partition?: string;
  readerPartition?: string;
  verify?: "off" | "count" | "checksum";
  writeMode?: "sdk" | "sql";
  conflictMode?: "replace" | "ignore" | "update";
  truncate?: boolean;
  postSql?: string[];
  errorLimit?: string;
  batchSize?: number;
  concurrent?: number;
};

function job(options: JobOptions) {
  const readerColumns = options.readerColumns ?? bankColumns;
  return {
    type: "job",
    version: "2.0",
    steps: [
      {
        stepType: "odps",
        category: "reader",
        name: "Reader",
        parameter: {
          datasource: "odps_first",
          table: options.sourceTable ?? "bank_data",
          column: readerColumns,
          ...(options.readerPartition ? { partition: [options.readerPartition] } : {}),
        },
      },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: {
          datasource: "holo_demo",
          table: options.table,
          column: options.writerColumns ?? readerColumns,
          writeMode: options.writeMode ?? "sdk",
          conflictMode: options.conflictMode ?? "ignore",
          truncate: options.truncate ?? false,
          ...(options.partition ? { partition: options.partition } : {}),
          ...(options.postSql ? { postSql: options.postSql } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        },
      },
    ],
    setting: {
      errorLimit: { record: options.errorLimit ?? "0" },
      speed: { throttle: false, concurrent: options.concurrent ?? 2 },
      ...(options.verify ? { verify: options.verify } : {}),
    },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

async function run(options: JobOptions, extra: Partial<RunJobOptions> = {}) {
  const logs: string[] = [];
  const report = await runJob(job(options), { dataSources, parameters: { bizdate }, onLog: (line) => logs.push(line.message), ...extra });
  return { report, logs };
}

async function createBankTable(name: string, extra = ""): Promise<void> {
  const schema = await odps.getTable("bank_data");
  await db.client.query(generateCreateTableDdl(schema, { tableName: `public.${name}`, flavour: "postgres" }));
  if (extra) await db.client.query(extra);
}

describe("verify after writing", () => {
  it("checksum into a fresh table: counts and checksums equal, hashed straight from the COPY text, logged and in the summary", async () => {
    await createBankTable("bank_fresh");
    const { report, logs } = await run({ table: "bank_fresh", verify: "checksum" });
    expect(report.error).toBeNull();
    expect(report.verification).toMatchObject({ mode: "checksum", ok: true, scope: "public.bank_fresh", sourceRows: BANK_ROWS, targetRows: BANK_ROWS, targetRowsBefore: 0 });
    expect(report.verification!.message).toBe("Verified: 3,000 rows, checksums equal.");
    expect(report.verification!.sourceChecksum).toMatch(/^[0-9a-f]{16}$/);
    expect(report.verification!.targetChecksum).toBe(report.verification!.sourceChecksum);
    expect(logs).toContain("Verified: 3,000 rows, checksums equal.");
    expect(logs.some((line) => line.includes("as COPY text"))).toBe(true);
    expect(logs.some((line) => /^Verification\s+: Verified: 3,000 rows, checksums equal\.$/.test(line))).toBe(true);
  });

  it("the checksum is the same whether rows pass as COPY text, as values, or as SQL parameters", async () => {
    const sums = [];
    for (const [name, writeMode, copyTextPath] of [["copy", "sdk", true], ["values", "sdk", false], ["sql", "sql", false]] as const) {
      await createBankTable(`bank_path_${name}`);
      const { report } = await run({ table: `bank_path_${name}`, verify: "checksum", writeMode }, { copyTextPath });
      expect(report.error).toBeNull();
      expect(report.verification?.ok).toBe(true);
      sums.push(report.verification!.sourceChecksum);
    }
    expect(new Set(sums).size).toBe(1);
  });

  it.each(["sdk", "sql"] as const)("every MaxCompute type into Create Table's columns: checksums equal (%s mode), the arrays of strings left out", async (writeMode) => {
    const schema = await odps.getTable("all_types");
    const table = `all_types_verify_${writeMode}`;
    await db.client.query(generateCreateTableDdl(schema, { tableName: table, flavour: "postgres" }));
    const columns = schema.columns.map((c) => c.name);
    const { report, logs } = await run({ table, sourceTable: "all_types", readerColumns: columns, verify: "checksum", writeMode, concurrent: 1 });
    expect(report.error).toBeNull();
    expect(report.verification).toMatchObject({ ok: true, sourceRows: 5, targetRows: 5 });
    expect(report.verification!.message).toBe("Verified: 5 rows, checksums equal. Not in the checksum: c_array_string.");
    expect(logs.some((line) => line.endsWith("Not in the checksum: c_array_string (text[] has no exact canonical text)."))).toBe(true);
  });

  it("a trigger that changes one value on insert fails the run with the checksums named", async () => {
    await createBankTable(
      "bank_trigger",
      `CREATE FUNCTION bump_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.age = 30 AND NEW.campaign = 2 THEN NEW.duration := NEW.duration || '!'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER bump BEFORE INSERT ON bank_trigger FOR EACH ROW EXECUTE FUNCTION bump_one();`,
    );
    const changed = generateBankDataRows(BANK_ROWS).filter((row) => Number(row[0]) === 30 && Number(row[11]) === 2).length;
    expect(changed).toBeGreaterThan(0);
    const { report, logs } = await run({ table: "bank_trigger", verify: "checksum" });
    expect(report.status).toBe("failed");
    expect(report.error?.code).toBe("VERIFICATION_FAILED");
    expect(report.error?.message).toMatch(/^Verification failed: 3,000 rows on both sides, but the checksums differ \(written [0-9a-f]{16}, public\.bank_trigger [0-9a-f]{16}\)/);
    expect(report.verification).toMatchObject({ ok: false, sourceRows: BANK_ROWS, targetRows: BANK_ROWS });
    expect(report.verification!.sourceChecksum).not.toBe(report.verification!.targetChecksum);
    expect(logs.some((line) => line.startsWith("Error                    : [VERIFICATION_FAILED]"))).toBe(true);
    expect(logs).toContain("Target                   : the rows were written and committed; it holds what the verification found");
    // The rows stay written: the run failed after its commit, and says so.
    expect((await db.client.query("SELECT count(*)::int AS n FROM bank_trigger")).rows[0].n).toBe(BANK_ROWS);
    expect(report.targetState).toBe("partial");
  });

  it("count mode: a Post-SQL that deletes a row fails the run, naming the row missing", async () => {
    await createBankTable("bank_post_sql");
    const { report } = await run({ table: "bank_post_sql", verify: "count", postSql: ["DELETE FROM bank_post_sql WHERE ctid = (SELECT min(ctid) FROM bank_post_sql)"] });
    expect(report.error?.code).toBe("VERIFICATION_FAILED");
    expect(report.error?.message).toBe(
      "Verification failed: 3,000 rows written, but public.bank_post_sql holds 2,999: 1 missing. A Post-SQL statement, a trigger or another writer may have removed or added rows.",
    );
    expect(report.verification).toMatchObject({ mode: "count", ok: false, sourceRows: 3000, targetRows: 2999, sourceChecksum: null, targetChecksum: null });
  });

  it("count mode passes with counts equal and computes no checksum; off measures nothing", async () => {
    await createBankTable("bank_count");
    const counted = await run({ table: "bank_count", verify: "count" });
    expect(counted.report.verification).toMatchObject({ mode: "count", ok: true, message: "Verified: 3,000 rows, counts equal.", sourceChecksum: null });
    const off = await run({ table: "bank_count", truncate: true, verify: "off" });
    expect(off.report.status).toBe("succeeded");
    expect(off.report.verification).toBeNull();
    expect(off.logs.some((line) => line.startsWith("Verif"))).toBe(false);
    const absent = await run({ table: "bank_count", truncate: true });
    expect(absent.report.verification).toBeNull();
  });

  it("dirty rows are left out of the expected count and checksum, on the COPY text path and the values path", async () => {
    const campaign = bankColumns.indexOf("campaign");
    const clean = generateBankDataRows(BANK_ROWS).filter((row) => Number(row[campaign]) < 8).length;
    for (const copyTextPath of [true, false]) {
      const table = `bank_dirty_${copyTextPath ? "copy" : "values"}`;
      await createBankTable(table, `ALTER TABLE ${table} ADD CHECK (campaign < 8)`);
      const { report } = await run({ table, verify: "checksum", errorLimit: "", batchSize: 700 }, { copyTextPath });
      expect(report.error).toBeNull();
      expect(report.dirtyRecords).toBe(BANK_ROWS - clean);
      expect(report.dirtyRecords).toBeGreaterThan(20);
      expect(report.verification).toMatchObject({ ok: true, sourceRows: clean, targetRows: clean, message: `Verified: ${clean.toLocaleString("en-US")} rows, checksums equal.` });
    }
  });

  it("a partitioned target: the child written is measured, with the partition value the writer adds to every row", async () => {
    const schema = await odps.getTable("odps_table");
    await db.client.query(generateCreateTableDdl(schema, { tableName: "public.holo_verify", partitionColumn: "sale_date", flavour: "postgres" }));
    const options: JobOptions = {
      table: "public.holo_verify",
      sourceTable: "odps_table",
      readerPartition: "sale_date=${bizdate},sale_time=*",
      readerColumns: ["shop_name", "customer_id", "total_price", "sale_time"],
      partition: "sale_date=${bizdate}",
      truncate: true,
      verify: "checksum",
    };
    const first = await run(options);
    expect(first.report.error).toBeNull();
    const rows = first.report.recordsWritten;
    expect(rows).toBeGreaterThan(0);
    expect(first.report.verification).toMatchObject({ ok: true, scope: `public.holo_verify_${bizdate}`, sourceRows: rows, targetRows: rows });
    // Another day's rows in another child do not count.
    await db.client.query("CREATE TABLE holo_verify_other PARTITION OF holo_verify FOR VALUES IN ('19991231')");
    await db.client.query("INSERT INTO holo_verify VALUES ('x', 'y', 1, '19991231', '09')");
    // Without Truncate the child keeps its rows: this run's rows are what it gained.
    const again = await run({ ...options, truncate: false });
    expect(again.report.verification).toMatchObject({ ok: true, targetRowsBefore: rows, targetRows: rows });
    expect(again.report.verification!.message).toBe(
      `Verified: ${rows.toLocaleString("en-US")} rows, checksums equal (public.holo_verify_${bizdate} went from ${rows.toLocaleString("en-US")} rows to ${(2 * rows).toLocaleString("en-US")}).`,
    );
  });

  it("an append to a table that already holds rows verifies the rows added, checksum included", async () => {
    await createBankTable("bank_append", "INSERT INTO bank_append (age, job) VALUES (1, 'already here'), (2, NULL)");
    const { report } = await run({ table: "bank_append", verify: "checksum" });
    expect(report.verification).toMatchObject({ ok: true, targetRowsBefore: 2, targetRows: BANK_ROWS });
    expect(report.verification!.message).toBe("Verified: 3,000 rows, checksums equal (public.bank_append went from 2 rows to 3,002).");
  });
});

describe("verify after writing with a primary key", () => {
  const kv: SourceColumn[] = [
    { name: "id", type: "bigint", kind: "column" },
    { name: "name", type: "string", kind: "column" },
  ];
  const inMemory = (rows: RowValue[][], options: Pick<JobOptions, "table" | "conflictMode" | "verify" | "truncate">) =>
    runJob(job({ ...options, readerColumns: ["id", "name"] }), { dataSources, registry: registryWithReader(createInMemoryReader({ columns: kv, rows })) });

  it("into an empty table: exact; repeated keys make the counts differ, and the message says why", async () => {
    await db.client.query("CREATE TABLE kv_verify (id int8 PRIMARY KEY, name text)");
    const unique = await inMemory([[1n, "a"], [2n, "b"]], { table: "kv_verify", conflictMode: "replace", verify: "checksum", truncate: true });
    expect(unique.verification).toMatchObject({ ok: true, message: "Verified: 2 rows, checksums equal." });
    const repeated = await inMemory([[1n, "a"], [1n, "b"], [3n, "c"]], { table: "kv_verify", conflictMode: "replace", verify: "count", truncate: true });
    expect(repeated.error?.code).toBe("VERIFICATION_FAILED");
    expect(repeated.error?.message).toMatch(/^Verification failed: 3 rows written, but public\.kv_verify holds 2: 1 missing\. Rows that repeat a primary key are stored once/);
  });

  it("into a table with rows already there: checks that it grew by at most the rows written, and says the checksum is not compared", async () => {
    await db.client.query("CREATE TABLE kv_existing (id int8 PRIMARY KEY, name text)");
    await db.client.query("INSERT INTO kv_existing VALUES (1, 'old'), (2, 'old')");
    const report = await inMemory([[1n, "new"], [3n, "new"]], { table: "kv_existing", conflictMode: "replace", verify: "checksum" });
    expect(report.error).toBeNull();
    expect(report.verification).toMatchObject({ ok: true, targetRowsBefore: 2, targetRows: 1, sourceRows: 2 });
    expect(report.verification!.message).toBe(
      "Verified: 2 rows written; public.kv_existing went from 2 rows to 3, the other written rows replaced or kept rows whose primary key was already there. " +
        "With existing keys only this bound can be checked; checksums not compared.",
    );
  });
});
