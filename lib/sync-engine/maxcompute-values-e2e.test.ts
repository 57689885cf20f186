import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoTables, startLocalMaxCompute, type LocalMaxComputeService } from "../maxcompute-local";
import type { DataSourceConfig } from "./connectors";
import { generateCreateTableDdl } from "./connectors/hologres";
import { createMaxComputeClient, type MaxComputeClient } from "./connectors/maxcompute";
import type { JobSpecInput } from "./job-spec";
import { runJob } from "./runner";
import { createTestDatabase } from "./testing/postgres-test-database";

/**
 * Values that must arrive exactly, over the local MaxCompute service (Tunnel downloads)
 * into PostgreSQL: negative zero.
 */

const credentials = { project: "synclane_values", accessKeyId: "values-key-id", accessKeySecret: "values-key-secret" };
let service: LocalMaxComputeService;
let dataDir: string;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;
let odps: MaxComputeClient;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "synclane-values-e2e-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await ensureDemoTables(service, { bankDataRows: 10, days: 1 });
  await service.catalog.createTable({
    name: "signed_zeros",
    columns: [
      { name: "id", type: "int", comment: "" },
      { name: "f", type: "float", comment: "" },
      { name: "d", type: "double", comment: "" },
      { name: "ad", type: "array<double>", comment: "" },
    ],
  });
  await service.catalog.insertRows({
    table: "signed_zeros",
    rows: [
      [1, -0, -0, [-0, 1.5]],
      [2, 0, 0, [0]],
      [3, -1.5, -2.5, null],
    ],
  });
  db = await createTestDatabase("values_e2e");
  const odpsConfig = { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials };
  odps = createMaxComputeClient(odpsConfig);
  dataSources = { odps_first: { type: "odps", config: odpsConfig }, holo_demo: { type: "holo", config: db.config } };
});

afterAll(async () => {
  odps?.close();
  await db?.drop();
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function job(options: { source: string; readerColumns?: string[]; table: string; column: string[]; writeMode: "sdk" | "sql" }): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: options.source, column: options.readerColumns ?? ["*"] } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: options.table, column: options.column, writeMode: options.writeMode } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

// The COPY text fast path, the value path in fast mode, and SQL mode's INSERT.
const paths = [
  ["COPY text", "sdk", true],
  ["values into COPY", "sdk", false],
  ["INSERT", "sql", true],
] as const;

describe("values over the local MaxCompute service", () => {
  it.each(paths)("DOUBLE and FLOAT -0.0 arrive as -0 (%s)", async (name, writeMode, copyTextPath) => {
    const schema = await odps.getTable("signed_zeros");
    const table = `signed_zeros_${name.replace(/\W+/g, "_").toLowerCase()}`;
    await db.client.query(generateCreateTableDdl(schema, { tableName: table, flavour: "postgres" }));
    const logs: string[] = [];
    const report = await runJob(job({ source: "signed_zeros", table, column: ["id", "f", "d", "ad"], writeMode }), {
      dataSources,
      copyTextPath,
      onLog: (line) => logs.push(line.message),
    });
    expect(report.error).toBeNull();
    expect(logs.some((line) => line.includes("as COPY text"))).toBe(writeMode === "sdk" && copyTextPath);
    // PostgreSQL prints float -0 as "-0" (and -0 = 0 is true, so only the text shows the sign).
    const { rows: values } = await db.client.query({ text: `SELECT id::int, f::text, d::text, ad::text FROM ${table} ORDER BY id`, rowMode: "array" });
    expect(values).toEqual([
      [1, "-0", "-0", "{-0,1.5}"],
      [2, "0", "0", "{0}"],
      [3, "-1.5", "-2.5", null],
    ]);
  });
});
