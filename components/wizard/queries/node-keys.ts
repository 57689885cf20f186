/** TanStack Query keys for one sync node's server state. */
export const nodeKeys = {
  all: (nodeId: string) => ["nodes", nodeId] as const,
  activeRun: (nodeId: string) => [...nodeKeys.all(nodeId), "active-run"] as const,
  saved: (nodeId: string) => [...nodeKeys.all(nodeId), "saved"] as const,
};
