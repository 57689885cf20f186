import "server-only";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import {
  createMaxComputeClient,
  maxComputeValueToJson,
  type MaxComputeClient,
  type MaxComputeValue,
} from "@/lib/sync-engine/connectors/maxcompute";
import { createParameterResolver } from "@/lib/sync-engine/scheduling-parameters";

async function clientFor(workspaceId: string, datasource: string): Promise<MaxComputeClient> {
  const resolved = await resolveDataSource({ workspaceId, name: datasource });
  const engine = toEngineDataSource(resolved);
  if (engine.type !== "odps") throw new ConsoleError("INVALID", `"${datasource}" is not a MaxCompute (ODPS) data source.`);
  return createMaxComputeClient({ ...engine.config, timeoutMs: 15_000 });
}

async function withClient<T>(workspaceId: string, datasource: string, read: (client: MaxComputeClient) => Promise<T>) {
  const client = await clientFor(workspaceId, datasource);
  try {
    return await read(client);
  } finally {
    client.close();
  }
}

export async function listSourceTables(workspaceId: string, datasource: string) {
  return withClient(workspaceId, datasource, async (client) =>
    (await client.listAllTables()).map((table) => ({ name: table.name, comment: table.comment ?? "" })),
  );
}

export async function getSourceTable(workspaceId: string, datasource: string, table: string) {
  return withClient(workspaceId, datasource, async (client) => {
    const schema = await client.getTable(table);
    return {
      name: schema.name,
      columns: schema.columns,
      partitionColumns: schema.partitionColumns,
      lastModified: schema.lastModified?.toISOString() ?? null,
      sizeBytes: schema.sizeBytes ?? null,
    };
  });
}

/**
 * Today's values of the wizard's partition inputs: `${bizdate}` is yesterday, the node's
 * arguments apply. Returns the filter as resolved and the partitions it matches.
 */
export async function matchSourcePartitions(input: {
  workspaceId: string;
  datasource: string;
  table: string;
  filter: string;
  nodeArguments?: string;
  parameters?: Record<string, string>;
}) {
  const resolver = createParameterResolver({ parameters: { bizdate: yesterday(), ...input.parameters }, nodeArguments: input.nodeArguments });
  const { value, unresolved } = resolver.tryResolve(input.filter);
  if (unresolved.length) {
    return { filter: value, bizdate: resolver.bizdate ?? null, partitions: [], message: `Set a value for ${unresolved.join(", ")} (Properties > Arguments) to see the matching partitions.` };
  }
  return withClient(input.workspaceId, input.datasource, async (client) => {
    try {
      const partitions = await client.resolvePartitions(input.table, [value]);
      return { filter: value, bizdate: resolver.bizdate ?? null, partitions: partitions.map((p) => p.text), message: null };
    } catch (error) {
      if (error instanceof Error && "code" in error && error.code === "PARTITION_NOT_FOUND") {
        return { filter: value, bizdate: resolver.bizdate ?? null, partitions: [], message: error.message };
      }
      throw error;
    }
  });
}

export function yesterday(now = new Date()): string {
  const day = new Date(now.getTime() - 24 * 3600 * 1000);
  return `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, "0")}${String(day.getDate()).padStart(2, "0")}`;
}

function displayValue(value: MaxComputeValue): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  return maxComputeValueToJson(value).replace(/^"(.*)"$/s, "$1");
}

/** The first rows of a table, or of the partitions a filter matches, as text for a table view. */
export async function previewSource(input: { workspaceId: string; datasource: string; table: string; filter?: string; limit?: number }) {
  const limit = Math.min(input.limit ?? 20, 100);
  return withClient(input.workspaceId, input.datasource, async (client) => {
    const schema = await client.getTable(input.table);
    const columns = [...schema.columns, ...schema.partitionColumns].map((c) => ({ name: c.name, type: c.type, partition: schema.partitionColumns.includes(c) }));
    const rows: (string | null)[][] = [];
    if (schema.partitionColumns.length === 0) {
      const result = await client.preview(input.table, { limit });
      for (const row of result.rows) rows.push(row.map(displayValue));
      return { columns, rows, partitions: [] as string[] };
    }
    const partitions = await client.resolvePartitions(input.table, [input.filter?.trim() || "*"]);
    for (const partition of partitions) {
      if (rows.length >= limit) break;
      const result = await client.preview(input.table, { partition: partition.text, limit: limit - rows.length });
      for (const row of result.rows) rows.push([...row.map(displayValue), ...partition.values.map(([, v]) => v)]);
    }
    return { columns, rows, partitions: partitions.slice(0, 20).map((p) => p.text) };
  });
}
