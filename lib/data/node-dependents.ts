import "server-only";
import { ConsoleError } from "@/lib/console-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { childrenOf } from "@/lib/scheduling/dependency-graph";
import { deployedEdgeNodes, type EdgeNode } from "@/lib/scheduling/instance-edges";

/**
 * Serializes the changes of a workspace's production dependency graph: a commit (which
 * deploys in basic mode), a deploy, an undeploy and a delete each take this lock first in
 * their transaction, then read the deployed graph and check it. Without it two commits of
 * a -> b and b -> a each check a graph without the other's edge and both pass, deploying
 * a cycle. Taken before any row lock, so it never waits while holding one. A hash
 * collision only makes two workspaces wait for each other.
 */
export async function lockWorkspaceDependencies(tx: Prisma.TransactionClient, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`dependencies:${workspaceId}`}, 0))`;
}

/**
 * The names of the deployed nodes outside `nodeIds` that depend on one of them: their
 * same-cycle children and the nodes whose cross-cycle dependency names one of them.
 */
export function dependantNames(graph: readonly EdgeNode[], nodeIds: readonly string[]): string[] {
  const removed = new Set(nodeIds);
  const names = new Set<string>();
  for (const node of graph) {
    if (!removed.has(node.id)) continue;
    for (const child of childrenOf(node, graph)) if (!removed.has(child.id)) names.add(child.name);
  }
  for (const node of graph) {
    if (removed.has(node.id) || node.crossCycle !== "nodes") continue;
    if (node.crossCycleNodeIds.some((id) => removed.has(id))) names.add(node.name);
  }
  return [...names].sort();
}

/**
 * Refuses taking nodes out of production (deleting them or their workflow, undeploying
 * them) while deployed nodes outside them depend on them, naming those: their instances
 * would wait for parents that are gone (DataWorks refuses the same). Call it in a
 * transaction holding lockWorkspaceDependencies, with that transaction as `tx`.
 */
export async function refuseIfDependedOn(input: { tx: Prisma.TransactionClient; workspaceId: string; nodeIds: readonly string[]; what: string; action: "removed" | "undeployed" }): Promise<void> {
  const names = dependantNames(await deployedEdgeNodes(input.workspaceId, input.tx), input.nodeIds);
  if (names.length) {
    const list = names.map((name) => `"${name}"`).join(", ");
    throw new ConsoleError(
      "IN_USE",
      `${input.what} cannot be ${input.action}: deployed node(s) ${list} depend on it. Remove it from their parent nodes (or cross-cycle dependencies) and deploy them first.`,
    );
  }
}
