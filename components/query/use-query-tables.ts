"use client";
import { useQuery } from "@tanstack/react-query";
import { listQueryTables } from "@/lib/actions/list-query-tables";
import { queryPageKeys } from "./query-keys";

/** The tables of a Hologres data source, partitioned parents with their child tables. */
export function useQueryTables(dataSourceId: string) {
  return useQuery({
    queryKey: queryPageKeys.tables(dataSourceId),
    enabled: Boolean(dataSourceId),
    queryFn: async () => {
      const result = await listQueryTables({ dataSourceId });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
  });
}
