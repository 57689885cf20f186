import "server-only";
// The DAG of nodes in Operation Center: a deployed node with its parent and child nodes
// (one level each way), from the deployed versions' outputs and inputs, the same graph
// the scheduler makes instance edges from. The page merges the neighbourhoods it expands.
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { cycleText } from "@/lib/scheduling/cycle-text";
import { childrenOf, parentsOf } from "@/lib/scheduling/dependency-graph";
import { deployedEdgeNodes } from "@/lib/scheduling/instance-edges";
import { dagNeighbourLimit, type DagEdge } from "./instance-dag";
import { schedulingOf } from "./instances";

export type NodeDagBox = {
  id: string;
  name: string;
  workflowName: string;
  /** "Every day at 02:30"; null when the deployed properties cannot be read. */
  cycle: string | null;
  owner: string;
  frozen: boolean;
  parentCount: number;
  childCount: number;
};

export type NodeDagNeighbourhood = {
  centerId: string;
  nodes: NodeDagBox[];
  edges: DagEdge[];
  /** More parents or children exist than are returned. */
  truncated: boolean;
};

/** A deployed node of the workspace with its parent and child nodes, one level each way. */
export async function readNodeDag(input: { workspaceId: string; nodeId: string }): Promise<NodeDagNeighbourhood> {
  const graph = await deployedEdgeNodes(input.workspaceId);
  const center = graph.find((node) => node.id === input.nodeId);
  if (!center) throw new ConsoleError("NOT_FOUND", "This node is not deployed in the current workspace: only deployed nodes have a DAG.");
  const parentIds = parentsOf(graph);
  const allParents = (parentIds.get(center.id) ?? []).filter((id) => id !== center.id);
  const allChildren = childrenOf(center, graph).map((child) => child.id);
  const parents = allParents.slice(0, dagNeighbourLimit);
  const children = allChildren.slice(0, dagNeighbourLimit);
  const ids = [center.id, ...parents, ...children];
  const rows = await db.syncNode.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, owner: true, frozen: true, workflow: { select: { name: true } } },
  });
  const byId = new Map(graph.map((node) => [node.id, node]));
  const nodes = rows.map((row): NodeDagBox => {
    const node = byId.get(row.id)!;
    const scheduling = schedulingOf(node.scheduling);
    return {
      id: row.id,
      name: row.name,
      workflowName: row.workflow.name,
      cycle: scheduling ? cycleText(scheduling.cycle) : null,
      owner: row.owner,
      frozen: row.frozen,
      parentCount: (parentIds.get(row.id) ?? []).filter((id) => id !== row.id).length,
      childCount: childrenOf(node, graph).length,
    };
  });
  return {
    centerId: center.id,
    nodes,
    edges: [
      ...parents.map((id) => ({ source: id, target: center.id, crossCycle: false })),
      ...children.map((id) => ({ source: center.id, target: id, crossCycle: false })),
    ],
    truncated: allParents.length > parents.length || allChildren.length > children.length,
  };
}
