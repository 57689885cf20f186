import "server-only";
// The seam between Data Backfill and node dependencies: "current and descendant nodes"
// backfills the nodes this returns, read from the deployed versions' outputs and inputs
// (what production runs), never from drafts.
import { childrenOf } from "./dependency-graph";
import { deployedEdgeNodes } from "./instance-edges";

export type DescendantNode = { id: string; name: string; level: number };

/**
 * The deployed nodes downstream of a node, in the same workspace: breadth first, each
 * once at the level it is first reached (1 = children), so parents come before children
 * in a graph without cycles (Commit refuses cycles). A node that is not deployed has none.
 */
export async function listDescendantNodes(input: { workspaceId: string; nodeId: string }): Promise<DescendantNode[]> {
  const nodes = await deployedEdgeNodes(input.workspaceId);
  const root = nodes.find((node) => node.id === input.nodeId);
  if (!root) return [];
  const seen = new Set([root.id]);
  const found: DescendantNode[] = [];
  let level = [root];
  for (let depth = 1; level.length; depth++) {
    const next: typeof level = [];
    for (const node of level) {
      for (const child of childrenOf(node, nodes) as typeof nodes) {
        if (seen.has(child.id)) continue;
        seen.add(child.id);
        found.push({ id: child.id, name: child.name, level: depth });
        next.push(child);
      }
    }
    level = next;
  }
  return found;
}
