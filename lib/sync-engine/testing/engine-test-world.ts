import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureDemoTables, startLocalMaxCompute, type LocalMaxComputeService } from "../../maxcompute-local";
import type { DataSourceConfig } from "../connectors";
import { createMaxComputeClient, type MaxComputeClient } from "../connectors/maxcompute";
import { createTestDatabase } from "./postgres-test-database";

export type EngineTestWorld = {
  /** The local MaxCompute service, over HTTP on a free port, with the demo tables. */
  service: LocalMaxComputeService;
  /** A fresh PostgreSQL database standing in for Hologres. */
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  odps: MaxComputeClient;
  /** `odps_first` and `holo_demo`, as job specs name them. */
  dataSources: Record<string, DataSourceConfig>;
  close(): Promise<void>;
};

/**
 * Test helper for engine tests that run jobs end to end: the local MaxCompute service with
 * the demo tables, a target database, a client and the data sources, closed together.
 */
export async function openEngineTestWorld(options: { name: string; demoTables?: Parameters<typeof ensureDemoTables>[1] }): Promise<EngineTestWorld> {
  const credentials = { project: `synclane_${options.name}`, accessKeyId: `${options.name}-key-id`, accessKeySecret: `${options.name}-key-secret` };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `synclane-${options.name}-`));
  const service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await ensureDemoTables(service, options.demoTables);
  const db = await createTestDatabase(options.name);
  const odpsConfig = { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials };
  const odps = createMaxComputeClient(odpsConfig);
  return {
    service,
    db,
    odps,
    dataSources: { odps_first: { type: "odps", config: odpsConfig }, holo_demo: { type: "holo", config: db.config } },
    async close() {
      odps.close();
      await db.drop();
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** yyyymmdd of the UTC day before `today`: the bizdate whose demo partitions ensureDemoTables made. */
export function utcBizdateBefore(today: Date): string {
  const yesterday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1));
  return `${yesterday.getUTCFullYear()}${String(yesterday.getUTCMonth() + 1).padStart(2, "0")}${String(yesterday.getUTCDate()).padStart(2, "0")}`;
}
