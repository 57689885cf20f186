import { readFileSync } from "node:fs";
import path from "node:path";
import { createMaxComputeClient } from "@/lib/sync-engine/connectors/maxcompute";
import { e2eSettings } from "./e2e-settings";

/** A client of the e2e server's local MaxCompute service, to learn what the source holds. */
export function sourceClient() {
  const credentials = JSON.parse(readFileSync(path.join(e2eSettings.stateDir, "maxcompute-credentials.json"), "utf8"));
  return createMaxComputeClient({ endpoint: `http://127.0.0.1:${e2eSettings.maxComputePort}/api`, ...credentials });
}

/** How many rows a table (or the partitions a filter matches) holds, read through Tunnel. */
export async function sourceRowCount(table: string, filter?: string): Promise<number> {
  const client = sourceClient();
  try {
    if (!filter) return (await client.openDownloadSession({ table })).recordCount;
    let total = 0;
    for (const partition of await client.resolvePartitions(table, [filter])) {
      total += (await client.openDownloadSession({ table, partition: partition.text })).recordCount;
    }
    return total;
  } finally {
    client.close();
  }
}
