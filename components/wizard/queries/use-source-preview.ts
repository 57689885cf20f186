"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";
import type { SourcePreview } from "./catalog-types";

export function useSourcePreview(datasource: string, table: string, filter: string, enabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.sourcePreview(datasource, table, filter),
    queryFn: () => fetchJson<SourcePreview>(`${catalogUrl("odps", datasource, "tables", table, "preview")}?${new URLSearchParams({ filter })}`),
    enabled: enabled && Boolean(datasource && table),
    staleTime: 30_000,
  });
}
