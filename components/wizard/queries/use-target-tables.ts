"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";
import type { TargetTableListing } from "./catalog-types";

export function useTargetTables(datasource: string) {
  return useQuery({
    queryKey: catalogKeys.targetTables(datasource),
    queryFn: () => fetchJson<TargetTableListing[]>(catalogUrl("holo", datasource, "tables")),
    enabled: Boolean(datasource),
    staleTime: 30_000,
  });
}
