"use client";
// One React Flow canvas for both DAGs (nodes, instances): boxes laid out left to right
// by dagre, arrows from parent to child (dashed and labelled "previous cycle" across
// cycles; one pointing back is routed under the boxes, one beside a same-cycle arrow arches
// over it), fitted into view whenever boxes are added. Boxes are not dragged or connected:
// the graph is read, not edited.
import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeTypes } from "@xyflow/react";
import { useEffect, useMemo } from "react";
import type { DagEdge } from "@/lib/data/instance-dag";
import { layoutLeftToRight } from "@/lib/dag/dag-layout";
import { dagEdgeId } from "@/lib/dag/merge-neighbourhoods";
import { ArchEdge, BackEdge, type BackEdgeData } from "./back-edge";

/** `label` names the box for screen readers; `name` is what an arrow's label calls it. */
export type DagBox = { id: string; type: string; label: string; name: string; data: Record<string, unknown> };

type DagCanvasProps = {
  boxes: readonly DagBox[];
  edges: readonly DagEdge[];
  nodeTypes: NodeTypes;
  box: { width: number; height: number };
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  label: string;
};

const fitOptions = { padding: 0.15, maxZoom: 1 };
const edgeTypes = { back: BackEdge, arch: ArchEdge };
const edgeColour = "#94a3b8";
export const previousCycleLabel = "previous cycle";
// Back arrows run this far under the lowest box, each a little lower than the one before.
const backGap = 28;
const backStep = 16;
// And this far out of the boxes' sides, into the gap between levels.
const backReach = 20;
const backReachStep = 10;

function FitWhenBoxesChange({ count }: { count: number }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    // After React Flow has measured the new boxes.
    const frame = requestAnimationFrame(() => void fitView(fitOptions));
    return () => cancelAnimationFrame(frame);
  }, [count, fitView]);
  return null;
}

export function DagCanvas(props: DagCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ boxes, edges, nodeTypes, box, selectedId, onSelect, label }: DagCanvasProps) {
  // By name, so a level reads top to bottom in order however its boxes were loaded (stable: an hourly node's instances stay in time order).
  const positions = useMemo(
    () => layoutLeftToRight([...boxes].sort((x, y) => x.name.localeCompare(y.name)).map((b) => ({ id: b.id, ...box })), edges),
    [boxes, edges, box],
  );
  const nodes = useMemo(
    (): Node[] =>
      boxes.map((b) => ({
        id: b.id,
        type: b.type,
        data: b.data,
        position: positions.get(b.id) ?? { x: 0, y: 0 },
        width: box.width,
        height: box.height,
        selected: b.id === selectedId,
        ariaLabel: b.label,
      })),
    [boxes, positions, box, selectedId],
  );
  const names = useMemo(() => new Map(boxes.map((b) => [b.id, b.name])), [boxes]);
  const arrows = useMemo((): Edge[] => {
    const lowest = Math.max(0, ...[...positions.values()].map((at) => at.y + box.height));
    const yOf = (id: string) => positions.get(id)?.y ?? 0;
    const xOf = (id: string) => positions.get(id)?.x ?? 0;
    // Back arrows nest without crossing: the lowest source runs innermost, each higher one a step further out.
    const backs = edges.filter((edge) => edge.crossCycle && xOf(edge.target) < xOf(edge.source)).sort((x, y) => yOf(y.source) - yOf(x.source) || yOf(y.target) - yOf(x.target));
    const nesting = new Map(backs.map((edge, i) => [dagEdgeId(edge), i]));
    const sameCycle = new Set(edges.filter((edge) => !edge.crossCycle).map((edge) => `${edge.source}>${edge.target}`));
    return edges
      .filter((edge) => names.has(edge.source) && names.has(edge.target))
      .map((edge): Edge => {
        const common = {
          id: dagEdgeId(edge),
          source: edge.source,
          target: edge.target,
          ariaLabel: `Dependency: ${names.get(edge.target)} depends on ${names.get(edge.source)}${edge.crossCycle ? ` (${previousCycleLabel})` : ""}`,
          markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: edgeColour },
          style: { stroke: edgeColour, strokeWidth: 1.5, ...(edge.crossCycle ? { strokeDasharray: "6 4" } : {}) },
        };
        if (!edge.crossCycle) return common;
        const step = nesting.get(common.id);
        if (step !== undefined) {
          return { ...common, type: "back", data: { below: lowest + backGap + backStep * step, reach: backReach + backReachStep * step, label: previousCycleLabel } satisfies BackEdgeData };
        }
        if (sameCycle.has(`${edge.source}>${edge.target}`)) return { ...common, type: "arch", data: { label: previousCycleLabel } };
        return {
          ...common,
          label: previousCycleLabel,
          labelStyle: { fontSize: 10, fill: "#64748b" },
          labelBgStyle: { fill: "#ffffff" },
          labelBgPadding: [3, 1] as [number, number],
        };
      });
  }, [edges, names, positions, box.height]);
  return (
    <div className="h-full w-full" aria-label={label} role="region">
      <ReactFlow
        nodes={nodes}
        edges={arrows}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.2}
        onNodeClick={(_event, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
      >
        <Background gap={20} color="#e2e8f0" />
        <Controls showInteractive={false} />
        <FitWhenBoxesChange count={boxes.length} />
      </ReactFlow>
    </div>
  );
}
