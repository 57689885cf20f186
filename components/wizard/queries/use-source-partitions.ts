"use client";
import { useQuery } from "@tanstack/react-query";
import { catalogKeys, catalogUrl, fetchJson } from "./catalog-keys";
import type { SourcePartitions } from "./catalog-types";

/** The partitions the wizard's partition inputs match today (bizdate = yesterday). */
export function useSourcePartitions(datasource: string, table: string, filter: string, nodeArguments: string, enabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.sourcePartitions(datasource, table, filter, nodeArguments),
    queryFn: () =>
      fetchJson<SourcePartitions>(
        `${catalogUrl("odps", datasource, "tables", table, "partitions")}?${new URLSearchParams({ filter, arguments: nodeArguments })}`,
      ),
    enabled: enabled && Boolean(datasource && table && filter),
    staleTime: 15_000,
  });
}
