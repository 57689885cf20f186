import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalMaxCompute, type LocalMaxComputeService } from "../../../maxcompute-local";
import { createOdpsReader } from "./odps-reader";

// End to end over HTTP: a sync's reader (partition filter, listing, Tunnel download
// sessions, range reads) against the local MaxCompute service, for a partition whose value
// is unusual but one MaxCompute accepts: blanks at both ends, ':', '#', '@', '!', '$', '.'.
const credentials = { project: "synclane_test", accessKeyId: "LTAIreaderpartvalues", accessKeySecret: "reader-partition-values" };
const UNUSUAL = " 10:30 #1 @shop! $5.0 ";
let service: LocalMaxComputeService;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "synclane-reader-partvalues-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  const catalog = service.catalog;
  await catalog.createTable({
    name: "shop_sales",
    columns: [
      { name: "shop", type: "string", comment: "" },
      { name: "amount", type: "bigint", comment: "" },
    ],
    partitionColumns: [
      { name: "sale_date", type: "string", comment: "" },
      { name: "sale_time", type: "string", comment: "" },
    ],
  });
  await catalog.insertRows({ table: "shop_sales", partition: `sale_date=20261123,sale_time='${UNUSUAL}'`, rows: [["unusual", 1], ["unusual", 2]] });
  // Its neighbours: the same value without the blanks, and a plain one.
  await catalog.insertRows({ table: "shop_sales", partition: `sale_date=20261123,sale_time=${UNUSUAL}`, rows: [["trimmed", 3], ["trimmed", 4], ["trimmed", 5]] });
  await catalog.insertRows({ table: "shop_sales", partition: "sale_date=20261123,sale_time=10", rows: [["plain", 6]] });
});

afterAll(async () => {
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function sync(partition: string[]): Promise<{ rows: unknown[][]; log: string[] }> {
  const reader = createOdpsReader({
    config: { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials },
    parameter: { datasource: "odps_first", table: "shop_sales", partition, column: ["shop", "amount", "sale_time"] },
    columns: ["shop", "amount", "sale_time"].map((text) => ({ text, fromParameter: false })),
  });
  try {
    const signal = new AbortController().signal;
    const plan = await reader.plan({ signal, concurrency: 2, log: () => {} });
    const rows: unknown[][] = [];
    for (const split of plan.splits) for await (const batch of reader.read(split, { signal, batchSize: 100 })) rows.push(...batch);
    return { rows, log: plan.logLines };
  } finally {
    await reader.close();
  }
}

describe("a sync reading a partition with an unusual but valid value", () => {
  it("reads exactly that partition's rows, with its value exact in the partition column", async () => {
    const { rows, log } = await sync([`sale_date=20261123,sale_time='${UNUSUAL}'`]);
    expect(rows).toEqual([
      ["unusual", 1n, UNUSUAL],
      ["unusual", 2n, UNUSUAL],
    ]);
    expect(log[0]).toContain(`1 partition of shop_sales`);
  });

  it("tells it apart from its trimmed neighbour, and a wildcard reads all three", async () => {
    expect((await sync([`sale_date=20261123,sale_time=${UNUSUAL}`])).rows.map((r) => r[0])).toEqual(["trimmed", "trimmed", "trimmed"]);
    const all = await sync(["sale_date=20261123"]);
    expect(all.rows.map((r) => `${r[0]}|${r[2]}`).sort()).toEqual(
      [`unusual|${UNUSUAL}`, `unusual|${UNUSUAL}`, `trimmed|${UNUSUAL.trim()}`, `trimmed|${UNUSUAL.trim()}`, `trimmed|${UNUSUAL.trim()}`, "plain|10"].sort(),
    );
  });
});
