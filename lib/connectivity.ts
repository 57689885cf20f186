import { connectorFor } from "@/lib/sync-engine/connectors";
import type { EngineDataSource } from "./engine-data-source";

/**
 * The answer of "Test connectivity". `warning` says what is risky about a data source that
 * connects (a Hologres user that is a superuser or reaches other databases); null when
 * nothing is.
 */
export type ConnectivityReport = { ok: boolean; message: string; warning: string | null };

/** Checks that a data source answers, in words a user can act on: the type's connector tests it. */
export async function checkConnectivity(source: EngineDataSource): Promise<ConnectivityReport> {
  const connector = connectorFor(source.type);
  if (!connector) return { ok: false, message: `Data sources of type ${source.type} are not supported.`, warning: null };
  return connector.testConnection(connector.parseConfig(source.config));
}
