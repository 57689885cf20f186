import { instanceKeys } from "@/components/operation-center/instance-keys";

/**
 * TanStack Query keys of the DAG's neighbourhoods. They sit under the instances' root key,
 * so every Operation Center action (which invalidates it) redraws the graph too.
 */
export const dagKeys = {
  instance: (instanceId: string) => [...instanceKeys.all, "dag", instanceId] as const,
  node: (nodeId: string) => [...instanceKeys.all, "node-dag", nodeId] as const,
};
