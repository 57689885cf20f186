"use client";
import { useQueries } from "@tanstack/react-query";
import type { NodeDagBox, NodeDagNeighbourhood } from "@/lib/data/node-dag";
import { fetchJson } from "@/components/operation-center/fetch-json";
import { dagKeys } from "./dag-keys";
import { mergeNeighbourhoods } from "@/lib/dag/merge-neighbourhoods";

/** The node DAG: the neighbourhood of each expanded node (the centre first), merged. */
export function useNodeDag(expanded: readonly string[], initial: NodeDagNeighbourhood) {
  return useQueries({
    queries: expanded.map((nodeId) => ({
      queryKey: dagKeys.node(nodeId),
      queryFn: () => fetchJson<NodeDagNeighbourhood>(`/api/dag/nodes/${encodeURIComponent(nodeId)}`, "the DAG"),
      initialData: nodeId === initial.centerId ? initial : undefined,
      staleTime: 0,
    })),
    combine: (results) => ({
      ...mergeNeighbourhoods<NodeDagBox>(results.map((result) => result.data && { boxes: result.data.nodes, edges: result.data.edges })),
      loading: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
      truncated: results.some((result) => result.data?.truncated),
    }),
  });
}
