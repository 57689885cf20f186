"use client";
// Previous-cycle arrows that React Flow's own curve would hide. BackEdge points back, right
// to left (a node waiting for its child's previous instance): drawn around the graph, out of
// the source's right side, under every box, and into the target's left side, so it crosses
// no box and does not lie on the same-cycle arrow between the same two boxes. ArchEdge is
// below.
import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from "@xyflow/react";

/** `below`: the y of its run under the boxes; `reach`: how far it leaves and enters the boxes' sides. */
export type BackEdgeData = { below: number; reach: number; label: string };
export type BackEdgeType = Edge<BackEdgeData, "back">;

export function BackEdge({ id, sourceX, sourceY, targetX, targetY, data, style, markerEnd }: EdgeProps<BackEdgeType>) {
  const below = data?.below ?? Math.max(sourceY, targetY) + 60;
  const reach = data?.reach ?? 20;
  const path = `M ${sourceX},${sourceY} H ${sourceX + reach} V ${below} H ${targetX - reach} V ${targetY} H ${targetX}`;
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      <EdgeLabelRenderer>
        <span
          className="nodrag nopan pointer-events-none absolute rounded bg-white px-1 text-[10px] text-slate-500"
          style={{ transform: `translate(-50%, -50%) translate(${(sourceX + targetX) / 2}px, ${below}px)` }}
        >
          {data?.label}
        </span>
      </EdgeLabelRenderer>
    </>
  );
}

export type ArchEdgeType = Edge<{ label: string }, "arch">;

// How high the arch rises above the straight arrow it accompanies.
const archHeight = 36;

/**
 * A previous-cycle arrow between two boxes that also have a same-cycle arrow (a node naming
 * its parent in its cross-cycle dependency too): it arches above the straight one instead
 * of lying on it.
 */
export function ArchEdge({ id, sourceX, sourceY, targetX, targetY, data, style, markerEnd }: EdgeProps<ArchEdgeType>) {
  const pull = (targetX - sourceX) * 0.4;
  const path = `M ${sourceX},${sourceY} C ${sourceX + pull},${sourceY - archHeight} ${targetX - pull},${targetY - archHeight} ${targetX},${targetY}`;
  // A cubic Bézier's middle point sits three quarters of the way to its control points' line.
  const labelY = (sourceY + targetY) / 2 - 0.75 * archHeight;
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      <EdgeLabelRenderer>
        <span
          className="nodrag nopan pointer-events-none absolute rounded bg-white px-1 text-[10px] text-slate-500"
          style={{ transform: `translate(-50%, -50%) translate(${(sourceX + targetX) / 2}px, ${labelY}px)` }}
        >
          {data?.label}
        </span>
      </EdgeLabelRenderer>
    </>
  );
}
