"use client";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import type { InstanceDagNeighbourhood } from "@/lib/data/instance-dag";
import { InstanceActions } from "@/components/operation-center/instance-actions";
import { instancePath } from "@/components/operation-center/instance-path";
import { InstanceStatusBadge } from "@/components/operation-center/instance-status-badge";
import { formatBizdate, formatZoned } from "@/components/operation-center/zoned-time";
import { buttonClass } from "@/components/ui/button";
import { DagCanvas, type DagBox } from "./dag-canvas";
import { DagLegend } from "./dag-legend";
import { DagPanel } from "./dag-panel";
import { InstanceDagBox, instanceBoxSize, type InstanceBoxData } from "./instance-dag-box";
import { loadedNeighbours } from "@/lib/dag/merge-neighbourhoods";
import { useInstanceDag } from "./use-instance-dag";

const nodeTypes = { instance: InstanceDagBox };

/** An instance's DAG: its parents and children, expandable level by level, with the instance actions of the selected box. */
export function InstanceDagView({ initial }: { initial: InstanceDagNeighbourhood }) {
  const [expanded, setExpanded] = useState<string[]>([initial.centerId]);
  const [selectedId, setSelectedId] = useState<string | null>(initial.centerId);
  const graph = useInstanceDag(expanded, initial);
  const expand = useCallback((id: string) => setExpanded((ids) => (ids.includes(id) ? ids : [...ids, id])), []);
  const center = graph.boxes.find((box) => box.id === initial.centerId) ?? initial.instances[0];
  const selected = graph.boxes.find((box) => box.id === selectedId) ?? null;
  const { timeZone } = initial;

  const boxes = useMemo((): DagBox[] => {
    const loaded = loadedNeighbours(graph.edges);
    return graph.boxes.map((instance) => {
      const data: InstanceBoxData = {
        instance,
        timeZone,
        center: instance.id === initial.centerId,
        moreParents: expanded.includes(instance.id) ? 0 : Math.max(0, instance.parentCount - (loaded.parents.get(instance.id) ?? 0)),
        moreChildren: expanded.includes(instance.id) ? 0 : Math.max(0, instance.childCount - (loaded.children.get(instance.id) ?? 0)),
        onExpand: expand,
      };
      return { id: instance.id, type: "instance", label: `Instance ${instance.node.name} ${formatBizdate(instance.bizdate)}`, name: instance.node.name, data };
    });
  }, [graph.boxes, graph.edges, expanded, expand, timeZone, initial.centerId]);

  return (
    <div className="flex h-full flex-col gap-3 p-6">
      <div>
        <p className="text-xs text-slate-500">
          {center.kind === "backfill" ? (
            <Link href="/operation-center/backfills" className="text-brand-600 hover:underline">
              Data Backfill
            </Link>
          ) : (
            <Link href="/operation-center/instances" className="text-brand-600 hover:underline">
              Auto Triggered Instances
            </Link>
          )}{" "}
          /{" "}
          <Link href={instancePath(center)} className="text-brand-600 hover:underline">
            {center.node.name} {formatBizdate(center.bizdate)}
          </Link>
        </p>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">DAG of {center.node.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          Parents on the left, children on the right, one level each way; a dashed arrow is a dependency on the previous cycle.{" "}
          <span className="font-medium">+N</span> on a box&apos;s side shows its next level; select a box for its actions.
        </p>
      </div>
      <DagLegend />
      {graph.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {graph.error.message}
        </p>
      )}
      {graph.truncated && <p className="text-xs text-amber-700">Some instances have more neighbours than the graph shows (at most 60 each way); the instance lists show them all.</p>}
      <div className="flex min-h-[480px] flex-1 gap-3">
        <div className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-white">
          <DagCanvas
            boxes={boxes}
            edges={graph.edges}
            nodeTypes={nodeTypes}
            box={instanceBoxSize}
            selectedId={selectedId}
            onSelect={setSelectedId}
            label={`DAG of ${center.node.name} ${formatBizdate(center.bizdate)}`}
          />
        </div>
        <DagPanel title={selected ? selected.node.name : "Nothing selected"}>
          {selected ? (
            <div className="space-y-3 text-sm">
              <InstanceStatusBadge instance={selected} />
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
                <dt className="text-slate-500">Business date</dt>
                <dd className="text-slate-800">{formatBizdate(selected.bizdate)}</dd>
                <dt className="text-slate-500">Scheduled</dt>
                <dd className="text-slate-800">{formatZoned(selected.scheduledAt, timeZone)}</dd>
                <dt className="text-slate-500">Workflow</dt>
                <dd className="text-slate-800">{selected.node.workflowName}</dd>
              </dl>
              {selected.message && <p className="text-xs text-slate-600">{selected.message}</p>}
              <InstanceActions
                instance={selected}
                extra={
                  <Link href={instancePath(selected)} className={buttonClass("secondary", "sm")}>
                    Open instance
                  </Link>
                }
              />
            </div>
          ) : (
            <p className="text-sm text-slate-500">Select an instance in the graph to rerun it (or it and its downstream), set it to succeeded, stop or freeze it.</p>
          )}
        </DagPanel>
      </div>
      <p className="text-xs text-slate-400">Times in the workspace&apos;s scheduling time zone, {timeZone}.</p>
    </div>
  );
}
