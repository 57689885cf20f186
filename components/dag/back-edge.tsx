"use client";
// A previous-cycle arrow that points back, right to left (a node waiting for its child's
// previous instance): drawn around the graph, out of the source's right side, under every
// box, and into the target's left side, so it crosses no box and does not lie on the
// same-cycle arrow between the same two boxes.
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
