import { testHologresConnection } from "@/lib/sync-engine/connectors/hologres";
import { createMaxComputeClient, MaxComputeError } from "@/lib/sync-engine/connectors/maxcompute";
import type { EngineDataSource } from "./engine-data-source";

export type ConnectivityReport = { ok: boolean; message: string };

/** Checks that a data source answers, in words a user can act on. */
export async function checkConnectivity(source: EngineDataSource): Promise<ConnectivityReport> {
  if (source.type === "holo") {
    const result = await testHologresConnection(source.config);
    return result.ok
      ? { ok: true, message: `Connected to ${result.serverVersion}.` }
      : { ok: false, message: result.message };
  }
  try {
    const client = createMaxComputeClient({ ...source.config, timeoutMs: 10_000 });
    const { project, tableCount } = await client.testConnectivity();
    return {
      ok: true,
      message: `Connected to MaxCompute project ${project}: ${tableCount} table${tableCount === 1 ? "" : "s"} visible.`,
    };
  } catch (error) {
    if (error instanceof MaxComputeError) return { ok: false, message: error.message };
    throw error;
  }
}
