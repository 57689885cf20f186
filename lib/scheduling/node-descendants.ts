import "server-only";
// The seam between Data Backfill and node dependencies: "current and descendant nodes"
// backfills the nodes this returns. Dependencies between nodes are not built on this
// branch (deps-dag builds node outputs, parents and instance edges), so every node has no
// descendants yet and such a backfill covers the current node only. When dependencies
// exist, this returns every node downstream of `nodeId` (children, their children, ...),
// each once, parents before children.

/** The deployed nodes downstream of a node, in the same workspace; none until dependencies exist. */
export async function listDescendantNodes(input: { workspaceId: string; nodeId: string }): Promise<{ id: string; name: string }[]> {
  void input;
  return [];
}
