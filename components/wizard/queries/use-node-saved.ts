"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "./catalog-keys";
import { nodeKeys } from "./node-keys";

export type SavedNode = {
  jobSpec: unknown;
  arguments: string;
  scheduling: unknown;
  resourceGroup: string | null;
  latest: { version: number; savedBy: string; savedAt: string } | null;
  /** "Version 7 was saved by alice at ... after you opened this node. ...", for an editor on an older version. */
  newerVersionMessage: string | null;
};

/**
 * The node as saved now. Polled every 15 s, so a tab on an older version learns that
 * someone else saved before its own Save is refused.
 */
export function useNodeSaved(nodeId: string) {
  return useQuery({
    queryKey: nodeKeys.saved(nodeId),
    queryFn: () => fetchJson<SavedNode>(`/api/nodes/${encodeURIComponent(nodeId)}/saved`),
    refetchInterval: 15_000,
  });
}
