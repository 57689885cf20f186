import "server-only";
// The DAG of instances in Operation Center: one instance with its parent and child
// instances (one level each way, from InstanceDependency), each as the lists show it. The
// page loads the neighbourhood of every instance a person expands and merges them.
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { failExpiredRuns } from "@/lib/worker/run-queue";
import { summarySelect, timeZoneOf, toSummary, type InstanceSummary } from "./instances";

export type DagEdge = { source: string; target: string; crossCycle: boolean };

export type InstanceDagBox = InstanceSummary & {
  /** How many parents and children it has in all, so the graph knows what is left to expand. */
  parentCount: number;
  childCount: number;
};

export type InstanceDagNeighbourhood = {
  centerId: string;
  timeZone: string;
  instances: InstanceDagBox[];
  edges: DagEdge[];
  /** More neighbours exist than are returned (a daily child of a minute parent has hundreds). */
  truncated: boolean;
};

// A daily child of a 5-minute parent has 288 parents; more boxes than this are unreadable.
export const dagNeighbourLimit = 60;

const boxSelect = { ...summarySelect, _count: { select: { parents: true, children: true } } };

/** An instance of the workspace with its parents and children, one level each way. */
export async function readInstanceDag(input: { workspaceId: string; instanceId: string }): Promise<InstanceDagNeighbourhood> {
  await failExpiredRuns();
  const center = await db.instance.findFirst({ where: { id: input.instanceId, workspaceId: input.workspaceId }, select: boxSelect });
  if (!center) throw new ConsoleError("NOT_FOUND", "This instance does not exist in the current workspace.");
  const [parents, children] = await Promise.all([
    db.instanceDependency.findMany({
      where: { childId: center.id },
      select: { kind: true, parent: { select: boxSelect } },
      orderBy: { parent: { scheduledAt: "asc" } },
      take: dagNeighbourLimit,
    }),
    db.instanceDependency.findMany({
      where: { parentId: center.id },
      select: { kind: true, child: { select: boxSelect } },
      orderBy: { child: { scheduledAt: "asc" } },
      take: dagNeighbourLimit,
    }),
  ]);
  const box = (row: typeof center): InstanceDagBox => ({ ...toSummary(row), parentCount: row._count.parents, childCount: row._count.children });
  return {
    centerId: center.id,
    timeZone: await timeZoneOf(input.workspaceId),
    instances: [box(center), ...parents.map((edge) => box(edge.parent)), ...children.map((edge) => box(edge.child))],
    edges: [
      ...parents.map((edge) => ({ source: edge.parent.id, target: center.id, crossCycle: edge.kind === "crossCycle" })),
      ...children.map((edge) => ({ source: center.id, target: edge.child.id, crossCycle: edge.kind === "crossCycle" })),
    ],
    truncated: center._count.parents > parents.length || center._count.children > children.length,
  };
}
