/** TanStack Query keys for the data source catalogs the wizard reads. */
export const catalogKeys = {
  all: ["catalog"] as const,
  sourceTables: (datasource: string) => [...catalogKeys.all, "odps", datasource, "tables"] as const,
  sourceTable: (datasource: string, table: string) => [...catalogKeys.all, "odps", datasource, "table", table] as const,
  sourcePartitions: (datasource: string, table: string, filter: string, args: string) =>
    [...catalogKeys.all, "odps", datasource, "partitions", table, filter, args] as const,
  sourcePreview: (datasource: string, table: string, filter: string) => [...catalogKeys.all, "odps", datasource, "preview", table, filter] as const,
  connectorTables: (type: string, datasource: string) => [...catalogKeys.all, type, datasource, "tables"] as const,
  connectorTable: (type: string, datasource: string, table: string) => [...catalogKeys.all, type, datasource, "table", table] as const,
  connectorPreview: (type: string, datasource: string, table: string, where: string, querySql: string, args: string) =>
    [...catalogKeys.all, type, datasource, "preview", table, where, querySql, args] as const,
  targetTables: (datasource: string) => [...catalogKeys.all, "holo", datasource, "tables"] as const,
  targetTable: (datasource: string, table: string) => [...catalogKeys.all, "holo", datasource, "table", table] as const,
};

export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  const body = await response.json().catch(() => ({ message: `The server answered ${response.status}.` }));
  if (!response.ok) throw new Error(body.message ?? `The server answered ${response.status}.`);
  return body as T;
}

export const catalogUrl = (...parts: string[]) => `/api/catalog/${parts.map(encodeURIComponent).join("/")}`;
