import "server-only";
// The instance dependency edges of a day, made with the day's instances: each child node's
// instances of the day against its parents' instances of the same day (sameCycleParents,
// the scheduling-time proximity rule), and the cross-cycle ones (previousCycleInstance:
// the node's own, its first-level children's or named nodes' previous instance, which
// may be the day before's). An instance that does not exist (not generated, outside its
// validity) gives no edge, and ON CONFLICT makes a repeat insert nothing. A child that has a parent
// is Not run until its parents finish (DataWorks' gray), then the dispatcher takes it.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { childrenOf, parentsOf, type GraphNode } from "./dependency-graph";
import { previousCycleInstance, sameCycleParents, type PlannedTime } from "./dependency-rules";
import { nodeDependenciesSchema, nodeOutputs } from "./node-dependencies";
import { addDays, createPlanner } from "./instance-plan";

export type PlannedEdge = { childNode: string; childAt: Date; parentNode: string; parentAt: Date; kind: "sameCycle" | "crossCycle" };

export type EdgeNode = GraphNode & { scheduling: unknown; crossCycle: string; crossCycleNodeIds: readonly string[] };

/** The edges of `day` among deployed nodes (pure but for the planner's time arithmetic). */
export function plannedEdges(input: { nodes: readonly EdgeNode[]; day: string; timeZone: string; now: Date }): PlannedEdge[] {
  const today = createPlanner({ day: input.day, timeZone: input.timeZone, now: input.now });
  const yesterday = createPlanner({ day: addDays(input.day, -1), timeZone: input.timeZone, now: input.now });
  const planned = (node: EdgeNode, planner: typeof today): PlannedTime[] =>
    planner.timesOf(node).map((at) => ({ id: `${node.id} ${at.getTime()}`, at: at.getTime() }));
  const times = new Map(input.nodes.map((node) => [node.id, planned(node, today)]));
  const withYesterday = new Map<string, PlannedTime[]>();
  const twoDays = (node: EdgeNode) => {
    let both = withYesterday.get(node.id);
    if (!both) withYesterday.set(node.id, (both = [...planned(node, yesterday), ...times.get(node.id)!]));
    return both;
  };
  const byId = new Map(input.nodes.map((node) => [node.id, node]));
  const atOf = (id: string) => new Date(Number(id.slice(id.lastIndexOf(" ") + 1)));
  const edges: PlannedEdge[] = [];

  for (const [childId, parentIds] of parentsOf(input.nodes)) {
    const own = times.get(childId)!;
    for (const parentId of parentIds) {
      if (parentId === childId) continue;
      for (const [child, parents] of sameCycleParents(own, times.get(parentId)!)) {
        for (const parent of parents) edges.push({ childNode: childId, childAt: atOf(child), parentNode: parentId, parentAt: atOf(parent), kind: "sameCycle" });
      }
    }
  }
  for (const node of input.nodes) {
    const waitedFor =
      node.crossCycle === "self"
        ? [node]
        : node.crossCycle === "children"
          ? childrenOf(node, input.nodes).map((child) => child as EdgeNode)
          : node.crossCycle === "nodes"
            ? node.crossCycleNodeIds.map((id) => byId.get(id)).filter((other): other is EdgeNode => other !== undefined)
            : [];
    for (const other of waitedFor) {
      const candidates = twoDays(other);
      for (const instance of times.get(node.id)!) {
        const previous = previousCycleInstance(candidates, instance);
        if (previous) edges.push({ childNode: node.id, childAt: atOf(instance.id), parentNode: other.id, parentAt: atOf(previous.id), kind: "crossCycle" });
      }
    }
  }
  return edges;
}

/**
 * The workspace's deployed nodes with their deployed outputs, inputs and cross-cycle
 * setting; `client` is a transaction when the caller holds the workspace's dependency lock.
 */
export async function deployedEdgeNodes(workspaceId: string, client: Pick<Prisma.TransactionClient, "$queryRaw"> = db): Promise<EdgeNode[]> {
  const rows = await client.$queryRaw<{ id: string; name: string; workspaceName: string; scheduling: Record<string, unknown> | null }[]>`
    SELECT n.id, n.name, ws.name AS "workspaceName", v.scheduling
      FROM "SyncNode" n
      JOIN "Workflow" w ON w.id = n."workflowId"
      JOIN "Workspace" ws ON ws.id = w."workspaceId"
      JOIN "NodeVersion" v ON v.id = n."deployedVersionId"
     WHERE w."workspaceId" = ${workspaceId}`;
  return rows.flatMap((row) => {
    const node = edgeNodeOf(row);
    return node ? [node] : [];
  });
}

/**
 * A node's place in the graph from a version's scheduling properties; null when its
 * dependencies cannot be read. Only the dependencies are parsed here; the planner parses
 * (and caches) the timing.
 */
export function edgeNodeOf(row: { id: string; name: string; workspaceName: string; scheduling: Record<string, unknown> | null }): EdgeNode | null {
  const parsed = nodeDependenciesSchema.safeParse(row.scheduling?.dependencies ?? {});
  if (!parsed.success) return null;
  const dependencies = parsed.data;
  return {
    id: row.id,
    name: row.name,
    outputs: nodeOutputs({ workspaceName: row.workspaceName, nodeId: row.id, nodeName: row.name, dependencies }),
    inputs: dependencies.inputs,
    crossCycle: dependencies.crossCycle,
    crossCycleNodeIds: dependencies.crossCycleNodeIds,
    scheduling: row.scheduling,
  };
}

const edgeBatch = 10_000;
const bizdateOf = (day: string) => day.replaceAll("-", "");

/**
 * Inserts the edges between the workspace's existing auto instances of the business dates
 * given (an edge whose instance does not exist is left out); then a child with a parent
 * that has not succeeded is Not run. Instance ids are read once by business date (the
 * (workspaceId, kind, bizdate) index) and matched here: a join of the edge array to the
 * instances in SQL was planned as a nested loop (unnest has no row estimate).
 */
export async function insertEdges(input: { workspaceId: string; bizdates: string[]; edges: readonly PlannedEdge[] }): Promise<void> {
  if (!input.edges.length) return;
  const instances = await db.$queryRaw<{ id: string; nodeId: string; scheduledAt: Date }[]>`
    SELECT id, "nodeId", "scheduledAt" FROM "Instance"
     WHERE "workspaceId" = ${input.workspaceId} AND kind = 'auto' AND bizdate = ANY(${input.bizdates}::text[]) AND batch = ''`;
  const idOf = new Map(instances.map((instance) => [`${instance.nodeId} ${instance.scheduledAt.getTime()}`, instance.id]));
  const rows = input.edges.flatMap((edge) => {
    const childId = idOf.get(`${edge.childNode} ${edge.childAt.getTime()}`);
    const parentId = idOf.get(`${edge.parentNode} ${edge.parentAt.getTime()}`);
    return childId && parentId ? [{ childId, parentId, kind: edge.kind }] : [];
  });
  for (let start = 0; start < rows.length; start += edgeBatch) {
    const batch = rows.slice(start, start + edgeBatch);
    await db.$executeRaw`
      WITH added AS (
        INSERT INTO "InstanceDependency" ("childId", "parentId", kind)
        SELECT e."childId", e."parentId", e.kind::"DependencyKind"
          FROM unnest(${batch.map((e) => e.childId)}::text[], ${batch.map((e) => e.parentId)}::text[], ${batch.map((e) => e.kind)}::text[])
               AS e("childId", "parentId", kind)
        ON CONFLICT DO NOTHING
        RETURNING "childId", "parentId"
      )
      UPDATE "Instance" i SET status = 'notRun'
        FROM added a JOIN "Instance" p ON p.id = a."parentId"
       WHERE i.id = a."childId" AND i.status = 'waitingTime' AND p.status <> 'succeeded'`;
  }
}

/** Makes the edges of a generated day of a workspace (idempotent); returns how many it planned. */
export async function generateDayEdges(input: { workspaceId: string; day: string; timeZone: string; now: Date }): Promise<number> {
  const nodes = await deployedEdgeNodes(input.workspaceId);
  const edges = plannedEdges({ nodes, day: input.day, timeZone: input.timeZone, now: input.now });
  const crossCycle = edges.some((edge) => edge.kind === "crossCycle");
  // An instance's business date is the day before its scheduled day.
  const bizdates = [bizdateOf(addDays(input.day, -1)), ...(crossCycle ? [bizdateOf(addDays(input.day, -2))] : [])];
  await insertEdges({ workspaceId: input.workspaceId, bizdates, edges });
  return edges.length;
}
