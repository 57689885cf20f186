"use client";
import { useQueries } from "@tanstack/react-query";
import type { InstanceDagBox, InstanceDagNeighbourhood } from "@/lib/data/instance-dag";
import { instanceMayMove } from "@/lib/scheduling/instance-status";
import { fetchJson } from "@/components/operation-center/fetch-json";
import { dagKeys } from "./dag-keys";
import { mergeNeighbourhoods } from "@/lib/dag/merge-neighbourhoods";

/**
 * The instance DAG: the neighbourhood of each expanded instance (the centre first), merged.
 * Each neighbourhood is polled every 3 s while one of its instances may still move.
 */
export function useInstanceDag(expanded: readonly string[], initial: InstanceDagNeighbourhood) {
  return useQueries({
    queries: expanded.map((instanceId) => ({
      queryKey: dagKeys.instance(instanceId),
      queryFn: () => fetchJson<InstanceDagNeighbourhood>(`/api/dag/instances/${encodeURIComponent(instanceId)}`, "the DAG"),
      initialData: instanceId === initial.centerId ? initial : undefined,
      staleTime: 0,
      refetchInterval: (query: { state: { data?: InstanceDagNeighbourhood } }) =>
        query.state.data?.instances.some(instanceMayMove) ? 3_000 : false,
    })),
    combine: (results) => ({
      ...mergeNeighbourhoods<InstanceDagBox>(results.map((result) => result.data && { boxes: result.data.instances, edges: result.data.edges })),
      loading: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
      truncated: results.some((result) => result.data?.truncated),
    }),
  });
}
