"use client";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { NodeDagBox as Box } from "@/lib/data/node-dag";
import { Badge } from "@/components/ui/badge";
import { ExpandButton } from "./expand-button";

export const nodeBoxSize = { width: 264, height: 68 };

export type NodeBoxData = {
  node: Box;
  center: boolean;
  moreParents: number;
  moreChildren: number;
  onExpand: (nodeId: string) => void;
};
export type NodeBoxNode = Node<NodeBoxData, "node">;

/** A deployed node in the DAG: name, scheduling cycle (and a self-dependency) and owner. */
export function NodeDagBox({ data, selected }: NodeProps<NodeBoxNode>) {
  const { node, center, moreParents, moreChildren, onExpand } = data;
  return (
    <div
      className={`relative flex h-full w-full overflow-visible rounded-md border bg-white text-left shadow-sm ${node.frozen ? "border-violet-300" : "border-slate-300"} ${selected ? "ring-2 ring-brand-500 ring-offset-1" : center ? "ring-1 ring-slate-400" : ""}`}
    >
      <span aria-hidden className={`w-1.5 shrink-0 rounded-l-md ${node.frozen ? "bg-violet-500" : "bg-brand-500"}`} />
      <div className="min-w-0 flex-1 px-2.5 py-1.5">
        <p className="flex items-center gap-1.5 text-[13px] font-semibold text-slate-900">
          <span className="truncate" title={node.name}>
            {node.name}
          </span>
          {node.frozen && <Badge tone="violet">Frozen</Badge>}
        </p>
        <p className="flex items-center gap-1.5 text-[11px] text-slate-600">
          <span className="truncate" title={node.cycle ?? undefined}>
            {node.cycle ?? "Cycle unreadable"}
          </span>
          {node.selfDependent && (
            // A self-dependency as a note, not an arrow: a loop on its own box would hide its text.
            <span
              className="shrink-0 rounded-full border border-dashed border-slate-400 px-1.5 text-[10px] leading-4 text-slate-500"
              title="Each instance waits for this node's instance of the previous cycle"
            >
              ↻ own previous cycle
            </span>
          )}
        </p>
        <p className="truncate text-[11px] text-slate-500">
          Owner {node.owner || "—"} · {node.workflowName}
        </p>
      </div>
      <Handle type="target" position={Position.Left} isConnectable={false} className="!h-2 !w-2 !border-0 !bg-slate-400" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="!h-2 !w-2 !border-0 !bg-slate-400" />
      {moreParents > 0 && <ExpandButton side="left" count={moreParents} name={node.name} onExpand={() => onExpand(node.id)} />}
      {moreChildren > 0 && <ExpandButton side="right" count={moreChildren} name={node.name} onExpand={() => onExpand(node.id)} />}
    </div>
  );
}
