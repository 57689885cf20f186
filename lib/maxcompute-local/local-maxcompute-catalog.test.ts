import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvRecordParser } from "./csv-record-parser";
import { ensureDemoTables, generateBankDataRows, yyyymmdd } from "./demo-tables";
import { LocalCatalogError, LocalMaxComputeCatalog } from "./local-maxcompute-catalog";
import { executeMaxComputeDdl } from "./maxcompute-ddl";
import { streamRowRange } from "./tunnel-range-stream";

let dir: string;
let catalog: LocalMaxComputeCatalog;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "synclane-mc-catalog-"));
  catalog = await LocalMaxComputeCatalog.open({ dataDir: dir });
});

afterAll(() => {
  catalog?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("CSV record parser", () => {
  it("handles quotes, doubled quotes, line breaks in fields, CRLF and chunk boundaries", () => {
    const text = 'a,"b, c","say ""hi"""\r\n"multi\nline",,x\n';
    for (const size of [1, 3, text.length]) {
      const parser = new CsvRecordParser();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records).toEqual([
        { fields: ["a", "b, c", 'say "hi"'], quoted: [false, true, true] },
        { fields: ["multi\nline", "", "x"], quoted: [true, false, false] },
      ]);
    }
  });
});

describe("local MaxCompute catalog", () => {
  it("runs the guide's DDL and loads CSV with NULL and empty-string rules", async () => {
    expect(
      await executeMaxComputeDdl(
        catalog,
        "CREATE TABLE odps_table (shop_name string, customer_id string, total_price int) PARTITIONED BY (sale_date string ,sale_time string);",
      ),
    ).toEqual(["Created table odps_table."]);
    const file = path.join(dir, "sales.csv");
    writeFileSync(file, 'shop_name,customer_id,total_price\nhz,"c1",10\n"sh, x",,\\N\n,\\N,\n');
    const result = await catalog.loadCsv({ table: "odps_table", partition: "sale_date=20261123,sale_time=10", file });
    expect(result).toEqual({ inserted: 3, spec: "sale_date=20261123,sale_time=10" });
    const partitions = await catalog.listPartitions("odps_table");
    expect(partitions.map((p) => [p.text, p.rowCount])).toEqual([["sale_date=20261123,sale_time=10", 3]]);
  });

  it("rejects a bad CSV value naming row and column, and keeps the partition as it was", async () => {
    const file = path.join(dir, "bad.csv");
    writeFileSync(file, "a,b,1\nc,d,not-a-number\n");
    const error = await catalog
      .loadCsv({ table: "odps_table", partition: "sale_date=20261123,sale_time=10", file })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalCatalogError);
    expect((error as Error).message).toMatch(/Row 2, column total_price: not-a-number is not a valid INT/);
    expect(await catalog.rowCount("odps_table", "sale_date=20261123,sale_time=10")).toBe(3);
  });

  it("adds, refuses duplicate and drops partitions", async () => {
    await catalog.addPartition("odps_table", "sale_time=11/sale_date=20261123");
    await expect(catalog.addPartition("odps_table", "sale_date=20261123,sale_time=11")).rejects.toThrow(/already exists/);
    expect((await catalog.addPartition("odps_table", "sale_date=20261123,sale_time=11", { ifNotExists: true })).created).toBe(false);
    await expect(catalog.addPartition("odps_table", "sale_date=20261123")).rejects.toThrow(/every partition column/);
    await catalog.dropPartition("odps_table", "sale_date=20261123,sale_time=10");
    expect((await catalog.listPartitions("odps_table")).map((p) => p.text)).toEqual(["sale_date=20261123,sale_time=11"]);
    await expect(catalog.dropPartition("odps_table", "sale_date=20261123,sale_time=10")).rejects.toThrow(/not found/);
  });

  it("creates the demo tables once and tops up odps_table days", async () => {
    const today = new Date(Date.UTC(2026, 10, 25));
    const first = await ensureDemoTables(catalog, { today, bankDataRows: 200 });
    expect(first.created).toEqual(["bank_data", "all_types", "complex_types"]);
    expect(first.partitionsAdded).toHaveLength(21);
    expect(first.partitionsAdded).toContain(`sale_date=${yyyymmdd(today, -1)},sale_time=09`);
    expect(await catalog.totalRowCount("bank_data")).toBe(200);
    const again = await ensureDemoTables(catalog, { today, bankDataRows: 200 });
    expect(again).toEqual({ created: [], partitionsAdded: [] });
    const tomorrow = await ensureDemoTables(catalog, { today: new Date(Date.UTC(2026, 10, 26)), bankDataRows: 200 });
    expect(tomorrow.partitionsAdded).toEqual(["09", "14", "20"].map((t) => `sale_date=20261126,sale_time=${t}`));
  });

  it("serves the same bytes from stored record blocks as from encoding cells, for any range", async () => {
    for (const name of ["bank_data", "all_types"]) {
      const table = (await catalog.getTable(name))!;
      expect(table.recordBlocks).toBe(true);
      const total = (await catalog.rowCount(name, ""))!;
      for (const [start, count] of [[0, total], [1, total - 2], [3, 1], [0, 0]]) {
        const read = async (recordBlocks: boolean) => {
          const parts: Buffer[] = [];
          await streamRowRange({
            catalog,
            table: { ...table, recordBlocks },
            spec: "",
            start,
            count,
            columnIndexes: table.columns.map((_, i) => i),
            write: (b) => void parts.push(Buffer.from(b)),
          });
          return Buffer.concat(parts);
        };
        expect((await read(true)).equals(await read(false)), `${name} (${start},${count})`).toBe(true);
      }
    }
  });

  it("builds record blocks for tables made by earlier versions when it opens their folder", async () => {
    const oldDir = mkdtempSync(path.join(os.tmpdir(), "synclane-mc-old-"));
    try {
      const old = await LocalMaxComputeCatalog.open({ dataDir: oldDir });
      await ensureDemoTables(old, { bankDataRows: 300 });
      // Make bank_data look like a table from before record blocks existed.
      const connection = (old as unknown as { connection: { run(sql: string): Promise<unknown> } }).connection;
      await connection.run(`DROP TABLE b_bank_data`);
      const table = (await old.getTable("bank_data"))!;
      await connection.run(`UPDATE mc_tables SET definition = '${JSON.stringify({ ...table, recordBlocks: undefined })}' WHERE name = 'bank_data'`);
      old.close();
      const reopened = await LocalMaxComputeCatalog.open({ dataDir: oldDir });
      try {
        const upgraded = (await reopened.getTable("bank_data"))!;
        expect(upgraded.recordBlocks).toBe(true);
        const read = async (recordBlocks: boolean) => {
          const parts: Buffer[] = [];
          await streamRowRange({
            catalog: reopened,
            table: { ...upgraded, recordBlocks },
            spec: "",
            start: 10,
            count: 280,
            columnIndexes: upgraded.columns.map((_, i) => i),
            write: (b) => void parts.push(Buffer.from(b)),
          });
          return Buffer.concat(parts);
        };
        expect((await read(true)).equals(await read(false))).toBe(true);
      } finally {
        reopened.close();
      }
    } finally {
      rmSync(oldDir, { recursive: true, force: true });
    }
  });

  it("generates the same bank rows every time, shaped like the UCI data set", () => {
    const rows = generateBankDataRows(2000);
    expect(generateBankDataRows(3, 1000)).toEqual(rows.slice(1000, 1003));
    expect(rows[0]).toHaveLength(21);
    const ages = rows.map((r) => Number(r[0]));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(17);
    expect(Math.max(...ages)).toBeLessThanOrEqual(98);
    const yes = rows.filter((r) => r[20] === 1n).length / rows.length;
    expect(yes).toBeGreaterThan(0.05);
    expect(yes).toBeLessThan(0.3);
    expect(new Set(rows.map((r) => r[1])).size).toBeGreaterThan(8);
  });
});
