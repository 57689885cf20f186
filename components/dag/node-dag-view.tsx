"use client";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { setNodeFrozen } from "@/lib/actions/set-node-frozen";
import type { NodeDagNeighbourhood } from "@/lib/data/node-dag";
import type { CrossCycleType } from "@/lib/scheduling/node-dependencies";
import { usePermissions } from "@/components/layout/permissions";
import { useInstanceAction } from "@/components/operation-center/use-instance-action";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { DagCanvas, type DagBox } from "./dag-canvas";
import { DagPanel } from "./dag-panel";
import { loadedNeighbours } from "@/lib/dag/merge-neighbourhoods";
import { NodeDagBox, nodeBoxSize, type NodeBoxData } from "./node-dag-box";
import { useNodeDag } from "./use-node-dag";

const nodeTypes = { node: NodeDagBox };

// What its cross-cycle dependency (DataWorks' "dependency on the previous cycle") makes it wait for.
const previousCycleText: Record<CrossCycleType, string> = {
  none: "Nothing (same-cycle only)",
  self: "Its own previous instance",
  children: "Its first-level children's previous instances",
  nodes: "The previous instances of the nodes with dashed arrows into it",
};

/** A deployed node's DAG: its parent and child nodes, expandable level by level; the selected node's instances, DAG and Freeze. */
export function NodeDagView({ initial }: { initial: NodeDagNeighbourhood }) {
  const permissions = usePermissions();
  const freeze = useInstanceAction(setNodeFrozen);
  const [expanded, setExpanded] = useState<string[]>([initial.centerId]);
  const [selectedId, setSelectedId] = useState<string | null>(initial.centerId);
  const graph = useNodeDag(expanded, initial);
  const expand = useCallback((id: string) => setExpanded((ids) => (ids.includes(id) ? ids : [...ids, id])), []);
  const center = graph.boxes.find((box) => box.id === initial.centerId) ?? initial.nodes.find((node) => node.id === initial.centerId)!;
  const selected = graph.boxes.find((box) => box.id === selectedId) ?? null;

  const boxes = useMemo((): DagBox[] => {
    const loaded = loadedNeighbours(graph.edges);
    return graph.boxes.map((node) => {
      const data: NodeBoxData = {
        node,
        center: node.id === initial.centerId,
        moreParents: expanded.includes(node.id) ? 0 : Math.max(0, node.parentCount - (loaded.parents.get(node.id) ?? 0)),
        moreChildren: expanded.includes(node.id) ? 0 : Math.max(0, node.childCount - (loaded.children.get(node.id) ?? 0)),
        onExpand: expand,
      };
      return { id: node.id, type: "node", label: `Node ${node.name}`, name: node.name, data };
    });
  }, [graph.boxes, graph.edges, expanded, expand, initial.centerId]);

  return (
    <div className="flex h-full flex-col gap-3 p-6">
      <div>
        <p className="text-xs text-slate-500">
          <Link href="/operation-center/nodes" className="text-brand-600 hover:underline">
            Auto Triggered Nodes
          </Link>{" "}
          / {center.name}
        </p>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">DAG of {center.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          Deployed nodes: parents on the left, children on the right, one level each way; a dashed arrow is a dependency on the previous cycle.{" "}
          <span className="font-medium">+N</span> on a box&apos;s side shows its next level; select a box for its instances and their DAG.
        </p>
      </div>
      {(graph.error ?? freeze.error) && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {(graph.error ?? freeze.error)?.message}
        </p>
      )}
      {graph.truncated && <p className="text-xs text-amber-700">Some nodes have more neighbours than the graph shows (at most 60 each way).</p>}
      <div className="flex min-h-[480px] flex-1 gap-3">
        <div className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-white">
          <DagCanvas boxes={boxes} edges={graph.edges} nodeTypes={nodeTypes} box={nodeBoxSize} selectedId={selectedId} onSelect={setSelectedId} label={`DAG of ${center.name}`} />
        </div>
        <DagPanel title={selected ? selected.name : "Nothing selected"}>
          {selected ? (
            <div className="space-y-3 text-sm">
              {selected.frozen && <Badge tone="violet">Frozen</Badge>}
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
                <dt className="text-slate-500">Cycle</dt>
                <dd className="text-slate-800">{selected.cycle ?? "—"}</dd>
                <dt className="text-slate-500">Previous cycle</dt>
                <dd className="text-slate-800">{previousCycleText[selected.crossCycle]}</dd>
                <dt className="text-slate-500">Owner</dt>
                <dd className="text-slate-800">{selected.owner || "—"}</dd>
                <dt className="text-slate-500">Workflow</dt>
                <dd className="text-slate-800">{selected.workflowName}</dd>
              </dl>
              <div className="flex flex-wrap gap-1.5" role="group" aria-label={`Actions of ${selected.name}`}>
                <ButtonLink size="sm" href={`/operation-center/instances?nodeId=${encodeURIComponent(selected.id)}`}>
                  Instances
                </ButtonLink>
                {selected.id !== initial.centerId && (
                  <ButtonLink size="sm" href={`/operation-center/nodes/${encodeURIComponent(selected.id)}/dag`}>
                    Its DAG
                  </ButtonLink>
                )}
                {permissions.deploy && (
                  <Button
                    size="sm"
                    disabled={freeze.isPending}
                    title={selected.frozen ? "Instances generated from now on run normally" : "Instances generated from now on are frozen; today's still run"}
                    onClick={() => {
                      freeze.reset();
                      freeze.mutate({ nodeId: selected.id, frozen: !selected.frozen });
                    }}
                  >
                    {selected.frozen ? "Unfreeze" : "Freeze"}
                  </Button>
                )}
              </div>
              <p className="text-xs text-slate-500">Instance actions (Rerun, Rerun Downstream, Set to Succeeded, Stop) act on one instance: open Instances, then an instance, then its DAG.</p>
            </div>
          ) : (
            <p className="text-sm text-slate-500">Select a node in the graph.</p>
          )}
        </DagPanel>
      </div>
    </div>
  );
}
