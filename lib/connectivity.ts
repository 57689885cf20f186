import { testHologresConnection } from "@/lib/sync-engine/connectors/hologres";
import { createMaxComputeClient, MaxComputeError } from "@/lib/sync-engine/connectors/maxcompute";
import type { EngineDataSource } from "./engine-data-source";

/**
 * The answer of "Test connectivity". `warning` says what is risky about a data source that
 * connects (a Hologres user that is a superuser or reaches other databases); null when
 * nothing is.
 */
export type ConnectivityReport = { ok: boolean; message: string; warning: string | null };

/** Checks that a data source answers, in words a user can act on. */
export async function checkConnectivity(source: EngineDataSource): Promise<ConnectivityReport> {
  if (source.type === "holo") {
    const result = await testHologresConnection(source.config);
    return result.ok
      ? { ok: true, message: `Connected to ${result.serverVersion}.`, warning: result.warning }
      : { ok: false, message: result.message, warning: null };
  }
  let client;
  try {
    client = createMaxComputeClient({ ...source.config, timeoutMs: 10_000 });
    const { project, tableCount } = await client.testConnectivity();
    return {
      ok: true,
      message: `Connected to MaxCompute project ${project}: ${tableCount} table${tableCount === 1 ? "" : "s"} visible.`,
      warning: null,
    };
  } catch (error) {
    if (error instanceof MaxComputeError) return { ok: false, message: error.message, warning: null };
    throw error;
  } finally {
    client?.close();
  }
}
