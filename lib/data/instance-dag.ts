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

/**
 * How many parents and children each instance has, from the edge table's two indexes. (Prisma's
 * relation `_count` groups the whole edge table first: 0.4 s with 81,000 edges.)
 */
async function neighbourCounts(ids: string[]): Promise<Map<string, { parents: number; children: number }>> {
  const rows = await db.$queryRaw<{ id: string; parents: number; children: number }[]>`
    SELECT b.id,
           (SELECT count(*) FROM "InstanceDependency" d WHERE d."childId" = b.id)::int AS parents,
           (SELECT count(*) FROM "InstanceDependency" d WHERE d."parentId" = b.id)::int AS children
      FROM unnest(${ids}::text[]) AS b(id)`;
  return new Map(rows.map((row) => [row.id, { parents: row.parents, children: row.children }]));
}

/** An instance of the workspace with its parents and children, one level each way. */
export async function readInstanceDag(input: { workspaceId: string; instanceId: string }): Promise<InstanceDagNeighbourhood> {
  await failExpiredRuns();
  const [center, timeZone] = await Promise.all([
    db.instance.findFirst({ where: { id: input.instanceId, workspaceId: input.workspaceId }, select: summarySelect }),
    timeZoneOf(input.workspaceId),
  ]);
  if (!center) throw new ConsoleError("NOT_FOUND", "This instance does not exist in the current workspace.");
  const [parents, children] = await Promise.all([
    db.instanceDependency.findMany({ where: { childId: center.id }, select: { parentId: true, kind: true }, take: dagNeighbourLimit }),
    db.instanceDependency.findMany({ where: { parentId: center.id }, select: { childId: true, kind: true }, take: dagNeighbourLimit }),
  ]);
  const neighbourIds = [...parents.map((edge) => edge.parentId), ...children.map((edge) => edge.childId)];
  const [neighbours, counts] = await Promise.all([
    db.instance.findMany({ where: { id: { in: neighbourIds } }, select: summarySelect, orderBy: [{ scheduledAt: "asc" }, { id: "asc" }] }),
    neighbourCounts([center.id, ...neighbourIds]),
  ]);
  const box = (row: typeof center): InstanceDagBox => {
    const count = counts.get(row.id) ?? { parents: 0, children: 0 };
    return { ...toSummary(row), parentCount: count.parents, childCount: count.children };
  };
  const centerCount = counts.get(center.id) ?? { parents: 0, children: 0 };
  return {
    centerId: center.id,
    timeZone,
    instances: [box(center), ...neighbours.map(box)],
    edges: [
      ...parents.map((edge) => ({ source: edge.parentId, target: center.id, crossCycle: edge.kind === "crossCycle" })),
      ...children.map((edge) => ({ source: center.id, target: edge.childId, crossCycle: edge.kind === "crossCycle" })),
    ],
    truncated: centerCount.parents > parents.length || centerCount.children > children.length,
  };
}
