import "server-only";
import { ConsoleError } from "@/lib/console-error";
import { childrenOf } from "@/lib/scheduling/dependency-graph";
import { deployedEdgeNodes } from "@/lib/scheduling/instance-edges";

/**
 * Refuses removing nodes (deleting them or their workflow) that deployed nodes outside
 * them depend on, naming those children: their instances would wait for parents that are
 * gone (DataWorks refuses the same).
 */
export async function refuseIfDependedOn(workspaceId: string, nodeIds: readonly string[], what: string): Promise<void> {
  const graph = await deployedEdgeNodes(workspaceId);
  const removed = new Set(nodeIds);
  const dependents = new Set<string>();
  for (const node of graph) {
    if (!removed.has(node.id)) continue;
    for (const child of childrenOf(node, graph)) if (!removed.has(child.id)) dependents.add(child.name);
  }
  if (dependents.size) {
    const names = [...dependents].sort().map((name) => `"${name}"`).join(", ");
    throw new ConsoleError("IN_USE", `${what} cannot be removed: node(s) ${names} depend on it. Remove it from their parent nodes and deploy them first.`);
  }
}
