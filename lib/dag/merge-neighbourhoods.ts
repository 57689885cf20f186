// The DAG the page shows is the union of the neighbourhoods loaded so far (the centre's
// and each expanded box's): boxes by id (the newest read of a box wins), edges once (two
// nodes may have both a same-cycle and a previous-cycle edge: they are two arrows).
import type { DagEdge } from "@/lib/data/instance-dag";

export type Neighbourhood<B extends { id: string }> = { boxes: readonly B[]; edges: readonly DagEdge[] };

export function mergeNeighbourhoods<B extends { id: string }>(parts: readonly (Neighbourhood<B> | undefined)[]): { boxes: B[]; edges: DagEdge[] } {
  const boxes = new Map<string, B>();
  const edges = new Map<string, DagEdge>();
  for (const part of parts) {
    if (!part) continue;
    for (const box of part.boxes) boxes.set(box.id, box);
    for (const edge of part.edges) edges.set(dagEdgeId(edge), edge);
  }
  return { boxes: [...boxes.values()], edges: [...edges.values()] };
}

/** One id per arrow: its ends and whether it crosses a cycle. */
export const dagEdgeId = (edge: DagEdge) => `${edge.source}>${edge.target}${edge.crossCycle ? ">previous" : ""}`;

/** How many of a box's parents and children (distinct boxes) are on the page, to offer expanding the rest. */
export function loadedNeighbours(edges: readonly DagEdge[]): { parents: Map<string, number>; children: Map<string, number> } {
  const parents = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  for (const edge of edges) {
    parents.set(edge.target, (parents.get(edge.target) ?? new Set()).add(edge.source));
    children.set(edge.source, (children.get(edge.source) ?? new Set()).add(edge.target));
  }
  const sizes = (sets: Map<string, Set<string>>) => new Map([...sets].map(([id, set]) => [id, set.size]));
  return { parents: sizes(parents), children: sizes(children) };
}
