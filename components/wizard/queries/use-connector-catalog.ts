"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";
import type { ConnectorTable, SourcePreview } from "./catalog-types";

/** Tables of a registry connector's data source (`/api/catalog/<type>/<datasource>/tables`). */
export function useConnectorTables(type: string, datasource: string) {
  return useQuery({
    queryKey: catalogKeys.connectorTables(type, datasource),
    queryFn: () => fetchJson<{ name: string; comment: string }[]>(catalogUrl(type, datasource, "tables")),
    enabled: Boolean(type && datasource),
    staleTime: 60_000,
  });
}

/** A table's columns and split keys. */
export function useConnectorTable(type: string, datasource: string, table: string) {
  return useQuery({
    queryKey: catalogKeys.connectorTable(type, datasource, table),
    queryFn: () => fetchJson<ConnectorTable>(catalogUrl(type, datasource, "tables", table)),
    enabled: Boolean(type && datasource && table),
    staleTime: 60_000,
  });
}

/** The first rows of a table (with its where) or of a querySql; parameters resolve as a run today would. */
export function useConnectorPreview(input: { type: string; datasource: string; table: string; where: string; querySql: string; nodeArguments: string; enabled: boolean }) {
  const { type, datasource, table, where, querySql, nodeArguments } = input;
  return useQuery({
    queryKey: catalogKeys.connectorPreview(type, datasource, table, where, querySql, nodeArguments),
    queryFn: () =>
      fetchJson<SourcePreview>(`${catalogUrl(type, datasource, "preview")}?${new URLSearchParams({ table, where, querySql, args: nodeArguments })}`),
    enabled: input.enabled && Boolean(type && datasource && (table || querySql)),
    staleTime: 30_000,
    retry: false,
  });
}
