"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";
import type { TargetTable } from "./catalog-types";

export function useTargetTable(datasource: string, table: string) {
  return useQuery({
    queryKey: catalogKeys.targetTable(datasource, table),
    queryFn: () => fetchJson<TargetTable>(catalogUrl("holo", datasource, "tables", table)),
    enabled: Boolean(datasource && table),
    staleTime: 30_000,
    retry: false,
  });
}
