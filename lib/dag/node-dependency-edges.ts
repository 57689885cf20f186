// The arrows of the node DAG: every dependency between deployed nodes, the same ones the
// scheduler makes instance edges from (lib/scheduling/instance-edges.ts). Same-cycle: parent
// to child. Cross-cycle (dashed, "previous cycle"): from each first-level child to a node
// that waits for its children's previous instances, and from each named node to the node
// that names it. A node waiting for its own previous instance has no arrow (it would loop
// on its own box): it is in `selfDependent`, and its box says so.
import type { DagEdge } from "@/lib/data/instance-dag";
import { parentsOf, type GraphNode } from "@/lib/scheduling/dependency-graph";

export type CrossCycleNode = GraphNode & { crossCycle: string; crossCycleNodeIds: readonly string[] };

export type NodeDependencyEdges = {
  /** The edges into each node (what it waits for), by node id. */
  incoming: Map<string, DagEdge[]>;
  /** The edges out of each node (what waits for it), by node id. */
  outgoing: Map<string, DagEdge[]>;
  selfDependent: Set<string>;
};

export function nodeDependencyEdges(nodes: readonly CrossCycleNode[]): NodeDependencyEdges {
  const known = new Set(nodes.map((node) => node.id));
  const parents = parentsOf(nodes);
  const children = new Map<string, string[]>();
  for (const [childId, parentIds] of parents) {
    for (const parentId of parentIds) if (parentId !== childId) children.set(parentId, [...(children.get(parentId) ?? []), childId]);
  }
  const incoming = new Map<string, DagEdge[]>();
  const outgoing = new Map<string, DagEdge[]>();
  const seen = new Set<string>();
  const add = (edge: DagEdge) => {
    const key = `${edge.source}>${edge.target}>${edge.crossCycle}`;
    if (edge.source === edge.target || seen.has(key)) return;
    seen.add(key);
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge]);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  };
  const selfDependent = new Set<string>();
  for (const node of nodes) {
    for (const parentId of parents.get(node.id) ?? []) add({ source: parentId, target: node.id, crossCycle: false });
    const waitedFor = node.crossCycle === "children" ? (children.get(node.id) ?? []) : node.crossCycle === "nodes" ? node.crossCycleNodeIds : [];
    if (node.crossCycle === "self" || waitedFor.includes(node.id)) selfDependent.add(node.id);
    for (const id of waitedFor) if (known.has(id)) add({ source: id, target: node.id, crossCycle: true });
  }
  return { incoming, outgoing, selfDependent };
}
