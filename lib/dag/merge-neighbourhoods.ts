// The DAG the page shows is the union of the neighbourhoods loaded so far (the centre's
// and each expanded box's): boxes by id (the newest read of a box wins), edges once.
import type { DagEdge } from "@/lib/data/instance-dag";

export type Neighbourhood<B extends { id: string }> = { boxes: readonly B[]; edges: readonly DagEdge[] };

export function mergeNeighbourhoods<B extends { id: string }>(parts: readonly (Neighbourhood<B> | undefined)[]): { boxes: B[]; edges: DagEdge[] } {
  const boxes = new Map<string, B>();
  const edges = new Map<string, DagEdge>();
  for (const part of parts) {
    if (!part) continue;
    for (const box of part.boxes) boxes.set(box.id, box);
    for (const edge of part.edges) edges.set(`${edge.source}>${edge.target}`, edge);
  }
  return { boxes: [...boxes.values()], edges: [...edges.values()] };
}

/** How many of a box's parents and children are on the page, to offer expanding the rest. */
export function loadedNeighbours(edges: readonly DagEdge[]): { parents: Map<string, number>; children: Map<string, number> } {
  const parents = new Map<string, number>();
  const children = new Map<string, number>();
  for (const edge of edges) {
    parents.set(edge.target, (parents.get(edge.target) ?? 0) + 1);
    children.set(edge.source, (children.get(edge.source) ?? 0) + 1);
  }
  return { parents, children };
}
