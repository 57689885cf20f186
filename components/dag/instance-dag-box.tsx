"use client";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { InstanceDagBox as Box } from "@/lib/data/instance-dag";
import { displayStatusTones } from "@/lib/scheduling/instance-status";
import { InstanceStatusBadge } from "@/components/operation-center/instance-status-badge";
import { formatBizdate, formatZoned } from "@/components/operation-center/zoned-time";
import { ExpandButton } from "./expand-button";
import { toneBoxStyles, toneStripeStyles } from "./tone-styles";

// Compact enough that eight children of one parent fit a laptop screen at a readable zoom.
export const instanceBoxSize = { width: 264, height: 60 };

export type InstanceBoxData = {
  instance: Box;
  timeZone: string;
  center: boolean;
  moreParents: number;
  moreChildren: number;
  onExpand: (instanceId: string) => void;
};
export type InstanceBoxNode = Node<InstanceBoxData, "instance">;

/** An instance in the DAG: node name, business date and scheduled time, state in its colour. */
export function InstanceDagBox({ data, selected }: NodeProps<InstanceBoxNode>) {
  const { instance, timeZone, center, moreParents, moreChildren, onExpand } = data;
  const tone = displayStatusTones[instance.displayStatus];
  return (
    <div
      className={`relative flex h-full w-full overflow-visible rounded-md border text-left shadow-sm ${toneBoxStyles[tone]} ${selected ? "ring-2 ring-brand-500 ring-offset-1" : center ? "ring-1 ring-slate-400" : ""}`}
      title={instance.message ?? undefined}
    >
      <span aria-hidden className={`w-1.5 shrink-0 rounded-l-md ${toneStripeStyles[tone]}`} />
      <div className="min-w-0 flex-1 px-2.5 py-1.5">
        <p className="truncate text-[13px] font-semibold text-slate-900" title={instance.node.name}>
          {instance.node.name}
        </p>
        <div className="mt-1 flex items-center gap-2">
          <InstanceStatusBadge instance={instance} />
          {/* Whole words or nothing: with a long state ("Waiting for resources") the time of day wraps onto a hidden line
              instead of being cut. The full date and time are in the hint and the side panel. */}
          <span
            className="flex h-4 min-w-0 flex-wrap gap-x-1 overflow-hidden text-[11px] leading-4 text-slate-500"
            title={`Business date ${formatBizdate(instance.bizdate)}, scheduled ${formatZoned(instance.scheduledAt, timeZone)}`}
          >
            <span className="whitespace-nowrap">Biz {formatBizdate(instance.bizdate)}</span>
            <span className="whitespace-nowrap">· {formatZoned(instance.scheduledAt, timeZone).slice(11, 16)}</span>
          </span>
        </div>
      </div>
      <Handle type="target" position={Position.Left} isConnectable={false} className="!h-2 !w-2 !border-0 !bg-slate-400" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="!h-2 !w-2 !border-0 !bg-slate-400" />
      {moreParents > 0 && <ExpandButton side="left" count={moreParents} name={instance.node.name} onExpand={() => onExpand(instance.id)} />}
      {moreChildren > 0 && <ExpandButton side="right" count={moreChildren} name={instance.node.name} onExpand={() => onExpand(instance.id)} />}
    </div>
  );
}
