"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";

export function useSourceTables(datasource: string) {
  return useQuery({
    queryKey: catalogKeys.sourceTables(datasource),
    queryFn: () => fetchJson<{ name: string; comment: string }[]>(catalogUrl("odps", datasource, "tables")),
    enabled: Boolean(datasource),
    staleTime: 60_000,
  });
}
