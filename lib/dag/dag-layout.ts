// Where each box of a DAG goes: dagre's layered layout, left to right (parents left of
// children, as DataWorks draws its DAG), returning React Flow's top-left positions.
import { Graph, layout } from "@dagrejs/dagre";

export type LayoutBox = { id: string; width: number; height: number };
export type LayoutEdge = { source: string; target: string; crossCycle?: boolean };
export type Position = { x: number; y: number };

// Gaps in pixels: wide enough between ranks for an arrow to read as one, with its
// "previous cycle" label, and for back arrows to turn beside the boxes.
const rankGap = 110;
const boxGap = 20;

/**
 * The top-left corner of every box (dagre gives centres). Boxes of one level keep the order
 * they are given, top to bottom, where crossings allow. Edges to unknown boxes are ignored,
 * and so is a previous-cycle edge that would close a loop (a node waiting for its child's
 * previous instance): the child stays right of its parent and that arrow points back.
 */
export function layoutLeftToRight(boxes: readonly LayoutBox[], edges: readonly LayoutEdge[]): Map<string, Position> {
  const graph = new Graph();
  graph.setGraph({ rankdir: "LR", ranksep: rankGap, nodesep: boxGap, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes) graph.setNode(box.id, { width: box.width, height: box.height });
  const index = new Map(boxes.map((box, i) => [box.id, i]));
  const known = layeredEdges(edges.filter((edge) => index.has(edge.source) && index.has(edge.target)));
  const ordered = known.sort((x, y) => index.get(x.target)! - index.get(y.target)! || index.get(x.source)! - index.get(y.source)!);
  // dagre's left-to-right layout stacks the edges' ends in the reverse of their insertion order.
  for (const edge of ordered.reverse()) graph.setEdge(edge.source, edge.target);
  layout(graph);
  return new Map(
    boxes.map((box) => {
      const { x, y } = graph.node(box.id);
      return [box.id, { x: x - box.width / 2, y: y - box.height / 2 }];
    }),
  );
}

/** Same-cycle edges, then each previous-cycle edge whose target does not already lead to its source. */
function layeredEdges(edges: readonly LayoutEdge[]): LayoutEdge[] {
  const kept = edges.filter((edge) => !edge.crossCycle);
  const next = new Map<string, string[]>();
  const link = (edge: LayoutEdge) => next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  kept.forEach(link);
  const leadsTo = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(next.get(id) ?? []));
    }
    return false;
  };
  for (const edge of edges) {
    if (!edge.crossCycle || leadsTo(edge.target, edge.source)) continue;
    kept.push(edge);
    link(edge);
  }
  return kept;
}
