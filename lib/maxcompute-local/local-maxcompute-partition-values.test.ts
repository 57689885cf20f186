import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaxComputeClient, MaxComputeError, type MaxComputeClient } from "../sync-engine/connectors/maxcompute";
import { SignedHttpClient } from "../sync-engine/connectors/maxcompute/signed-http-client";
import { LocalCatalogError, startLocalMaxCompute, type LocalMaxComputeService } from ".";
import { executeMaxComputeDdl } from "./maxcompute-ddl";

// The local service over real HTTP (port 0, temporary data folder): which partition values
// it accepts (MaxCompute's rules, lib/maxcompute-local/README.md), that it keeps the
// accepted ones exactly, and that every XML answer escapes what it carries.
const credentials = { project: "synclane_test", accessKeyId: "LTAIpartitionvalues", accessKeySecret: "partition-values-secret" };
let service: LocalMaxComputeService;
let dataDir: string;
let client: MaxComputeClient;
let http: SignedHttpClient;

const PADDED = " 10:30 #1 @shop! ";
const COMMENT = 'Sales & returns <by shop> "daily"\r\nsecond line\rthird ]]> \'end\'';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "synclane-mc-partvalues-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await service.catalog.createTable({
    name: "shop_sales",
    comment: COMMENT,
    columns: [
      { name: "shop", type: "string", comment: "" },
      { name: "amount", type: "bigint", comment: COMMENT },
    ],
    partitionColumns: [
      { name: "sale_date", type: "string", comment: "" },
      { name: "sale_time", type: "string", comment: "" },
    ],
  });
  client = createMaxComputeClient({ endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials });
  http = new SignedHttpClient({ ...credentials, timeoutMs: 10_000 });
});

afterAll(async () => {
  client?.close();
  http?.close();
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const rest = async (path: string, query: [string, string][]) =>
  (await http.send({ method: "GET", endpoint: service.endpoint, path: `/projects/${credentials.project}${path}`, query })).body.toString("utf8");

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LocalCatalogError);
    return (error as Error).message;
  }
  throw new Error("expected the partition to be refused");
}

describe("partition values in the local MaxCompute service", () => {
  it("refuses at load time, naming the value and the rule, what MaxCompute does not accept", async () => {
    const csv = path.join(dataDir, "rows.csv");
    writeFileSync(csv, "shop,amount\nhangzhou,1\n");
    const catalog = service.catalog;
    expect(await refusal(catalog.addPartition("shop_sales", "sale_date='a,b',sale_time=10"))).toContain(
      "Partition value 'a,b' of sale_date contains ',', which MaxCompute does not accept in partition values",
    );
    expect(await refusal(catalog.addPartition("shop_sales", `sale_date='"quoted"',sale_time=10`))).toContain(`contains '"'`);
    expect(await refusal(catalog.insertRows({ table: "shop_sales", partition: "sale_date='x\\ry',sale_time=10", rows: [["a", 1]] }))).toContain(
      "Partition value 'x\\ry' of sale_date contains a carriage return (\\r)",
    );
    expect(await refusal(catalog.loadCsv({ table: "shop_sales", partition: "sale_date=20261123,sale_time='a/b'", file: csv }))).toContain(
      "Partition value 'a/b' of sale_time contains '/'",
    );
    expect(await refusal(executeMaxComputeDdl(catalog, "ALTER TABLE shop_sales ADD PARTITION (sale_date='2026/11/23', sale_time='10');"))).toContain(
      "contains '/'",
    );
    expect(await refusal(executeMaxComputeDdl(catalog, "ALTER TABLE shop_sales ADD PARTITION (sale_date='x\\ry', sale_time='10');"))).toContain(
      "carriage return",
    );
    // Nothing refused was stored, and listing and reading go on working.
    expect(await catalog.listPartitions("shop_sales")).toEqual([]);
    expect(await client.listAllPartitions("shop_sales")).toEqual([]);
  });

  it("keeps accepted values exactly: quotes are spec syntax, blanks at the ends are kept", async () => {
    const catalog = service.catalog;
    await catalog.addPartition("shop_sales", `sale_date="20261123",sale_time='${PADDED}'`);
    await catalog.insertRows({ table: "shop_sales", partition: `sale_date=20261123,sale_time='${PADDED}'`, rows: [["padded", 1]] });
    await catalog.insertRows({ table: "shop_sales", partition: `sale_date=20261123,sale_time=${PADDED}`, rows: [["trimmed", 2], ["trimmed", 3]] });
    await executeMaxComputeDdl(catalog, "ALTER TABLE shop_sales ADD PARTITION (sale_date=\"20261124\", sale_time=' $x.y ');");

    const listed = await client.listAllPartitions("shop_sales");
    expect(listed.map((p) => p.values)).toEqual([
      [["sale_date", "20261123"], ["sale_time", PADDED]],
      [["sale_date", "20261123"], ["sale_time", PADDED.trim()]],
      [["sale_date", "20261124"], ["sale_time", " $x.y "]],
    ]);
    expect(listed[0].text).toBe(`sale_date=20261123,sale_time='${PADDED}'`);
    expect(await rest("/tables/shop_sales", [["partitions", ""], ["expectmarker", "true"]])).toContain(`Name="sale_time" Value="${PADDED}"`);

    // The REST lookup by leading columns, quoted as the SDKs send it.
    const under = await rest("/tables/shop_sales", [["partitions", ""], ["partition", "sale_date='20261124'"]]);
    expect(under).toContain(`Value=" $x.y "`);
    expect(under).not.toContain("20261123");

    // Each partition is read through Tunnel by the text the listing gave.
    const padded = await client.preview("shop_sales", { partition: listed[0].text });
    const trimmed = await client.preview("shop_sales", { partition: listed[1].text });
    expect(padded.rows).toEqual([["padded", 1n]]);
    expect(trimmed.rows).toEqual([["trimmed", 2n], ["trimmed", 3n]]);
  });

  it("takes the Tunnel partition parameter exactly as the SDKs send it, and says which rule a refused value breaks", async () => {
    const open = (partition: string) =>
      http.send({
        method: "POST",
        endpoint: service.tunnelEndpoint,
        path: `/projects/${credentials.project}/tables/shop_sales`,
        query: [["downloads", ""], ["partition", partition]],
        headers: { "x-odps-tunnel-version": "5" },
      });
    const session = JSON.parse((await open(`sale_date=20261123,sale_time=${PADDED}`)).body.toString("utf8")) as { RecordCount: number };
    expect(session.RecordCount).toBe(1);
    try {
      await open("sale_date=20261123,sale_time=a\rb");
      expect.unreachable();
    } catch (error) {
      expect((error as MaxComputeError).code).toBe("BAD_REQUEST");
      expect((error as MaxComputeError).message).toContain("Partition value 'a\\rb' of sale_time contains a carriage return");
    }
    const missing = await open("sale_date=20261123,sale_time=11").catch((error: MaxComputeError) => error);
    expect((missing as MaxComputeError).code).toBe("PARTITION_NOT_FOUND");
  });

  it("escapes every value of its XML answers, so a comment with & < > quotes and CR reads back exactly", async () => {
    const listing = await rest("/tables", [["expectmarker", "true"]]);
    expect(listing).toContain("<Comment>Sales &amp; returns &lt;by shop&gt;");
    expect(listing).toContain("&#13;");
    expect(listing).not.toContain("\r");
    expect((await client.listAllTables()).find((t) => t.name === "shop_sales")?.comment).toBe(COMMENT);
    const table = await client.getTable("shop_sales");
    expect(table.comment).toBe(COMMENT);
    expect(table.columns[1].comment).toBe(COMMENT);
    // Error answers too: the message names the table as it was asked for.
    const error = await rest("/tables/no<such>&table", []).catch((e: MaxComputeError) => e);
    expect((error as MaxComputeError).message).toContain("Table not found - 'synclane_test.no<such>&table'");
  });

  it("lists and syncs a table whose earlier-version data holds a partition stored as 'a,b'", async () => {
    // A data folder written before values were checked: the partition text an old load of
    // sale_date='a,b' stored. It cannot be read as a partition any more; it must not take
    // the listing (and every sync of the table) down with it.
    const folder = mkdtempSync(path.join(os.tmpdir(), "synclane-mc-legacy-"));
    const first = await startLocalMaxCompute({ dataDir: folder, port: 0, ...credentials });
    await first.catalog.createTable({
      name: "legacy",
      columns: [{ name: "x", type: "string", comment: "" }],
      partitionColumns: [{ name: "sale_date", type: "string", comment: "" }, { name: "sale_time", type: "string", comment: "" }],
    });
    await first.catalog.insertRows({ table: "legacy", partition: "sale_date=20261123,sale_time=10", rows: [["kept"]] });
    await first.close();
    const duck = await DuckDBInstance.create(path.join(folder, "maxcompute.duckdb"));
    const connection = await duck.connect();
    await connection.run("INSERT INTO mc_partitions VALUES ('legacy', 'sale_date=a,b,sale_time=10', 0, 0, 0)");
    connection.closeSync();
    duck.closeSync();

    const second = await startLocalMaxCompute({ dataDir: folder, port: 0, ...credentials });
    const legacyClient = createMaxComputeClient({ endpoint: second.endpoint, ...credentials });
    try {
      expect((await legacyClient.resolvePartitions("legacy", ["*"])).map((p) => p.text)).toEqual(["sale_date=20261123,sale_time=10"]);
      expect((await legacyClient.preview("legacy", { partition: "sale_date=20261123,sale_time=10" })).rows).toEqual([["kept"]]);
      expect(await second.catalog.unreadablePartitions("legacy")).toEqual(["sale_date=a,b,sale_time=10"]);
      await second.catalog.dropPartition("legacy", "sale_date=a,b,sale_time=10");
      expect(await second.catalog.unreadablePartitions("legacy")).toEqual([]);
    } finally {
      legacyClient.close();
      await second.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
