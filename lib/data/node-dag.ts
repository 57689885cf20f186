import "server-only";
// The DAG of nodes in Operation Center: a deployed node with its parent and child nodes
// (one level each way), from the deployed versions' outputs, inputs and cross-cycle
// settings, the same graph the scheduler makes instance edges from. The page merges the
// neighbourhoods it expands.
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { nodeDependencyEdges } from "@/lib/dag/node-dependency-edges";
import { cycleText } from "@/lib/scheduling/cycle-text";
import { deployedEdgeNodes } from "@/lib/scheduling/instance-edges";
import type { CrossCycleType } from "@/lib/scheduling/node-dependencies";
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
  /** Its cross-cycle dependency; "self" (its own previous instance) has no arrow, the box says it. */
  crossCycle: CrossCycleType;
  selfDependent: boolean;
  /** How many nodes it waits for and how many wait for it, same-cycle or previous-cycle. */
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

const distinct = (ids: string[]) => [...new Set(ids)];

/** A deployed node of the workspace with its parent and child nodes, one level each way. */
export async function readNodeDag(input: { workspaceId: string; nodeId: string }): Promise<NodeDagNeighbourhood> {
  const graph = await deployedEdgeNodes(input.workspaceId);
  const center = graph.find((node) => node.id === input.nodeId);
  if (!center) throw new ConsoleError("NOT_FOUND", "This node is not deployed in the current workspace: only deployed nodes have a DAG.");
  const { incoming, outgoing, selfDependent } = nodeDependencyEdges(graph);
  const parentsOf = (id: string) => distinct((incoming.get(id) ?? []).map((edge) => edge.source));
  const childrenOf = (id: string) => distinct((outgoing.get(id) ?? []).map((edge) => edge.target));
  const allParents = parentsOf(center.id);
  const allChildren = childrenOf(center.id);
  const parents = new Set(allParents.slice(0, dagNeighbourLimit));
  const children = new Set(allChildren.slice(0, dagNeighbourLimit));
  const ids = distinct([center.id, ...parents, ...children]);
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
      crossCycle: node.crossCycle as CrossCycleType,
      selfDependent: selfDependent.has(row.id),
      parentCount: parentsOf(row.id).length,
      childCount: childrenOf(row.id).length,
    };
  });
  return {
    centerId: center.id,
    nodes,
    edges: [
      ...(incoming.get(center.id) ?? []).filter((edge) => parents.has(edge.source)),
      ...(outgoing.get(center.id) ?? []).filter((edge) => children.has(edge.target)),
    ],
    truncated: allParents.length > parents.size || allChildren.length > children.size,
  };
}
