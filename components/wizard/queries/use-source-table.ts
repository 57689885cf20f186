"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";
import type { SourceTable } from "./catalog-types";

export function useSourceTable(datasource: string, table: string) {
  return useQuery({
    queryKey: catalogKeys.sourceTable(datasource, table),
    queryFn: () => fetchJson<SourceTable>(catalogUrl("odps", datasource, "tables", table)),
    enabled: Boolean(datasource && table),
    staleTime: 60_000,
  });
}
