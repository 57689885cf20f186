// Test helper: a workspace with a resource group and a registered worker, where a test
// makes deployed nodes with dependencies, generates a day, ticks the scheduler (run sync,
// then dispatch) and ends the group's next run as a worker would.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/lib/db";
import { createResourceGroup } from "@/lib/data/resource-groups";
import { claimNextRun, finishRun, registerWorker, type RunOutcome } from "@/lib/worker/run-queue";
import { dispatchDueInstances } from "../instance-dispatcher";
import { generateDay } from "../instance-generation";
import { syncInstanceRuns } from "../instance-run-sync";
import { emptyDependencies, type NodeDependencies } from "../node-dependencies";
import type { NodeScheduling } from "../node-scheduling";
import { createDeployedNode, createSchedulingWorkspace } from "./deployed-node";

const suffix = randomUUID().slice(0, 8);
export const worldDay = "2026-12-01";
const deployedAt = new Date("2026-11-29T12:00:00Z");
const made = { workspaceIds: [] as string[], groupIds: [] as string[] };

export async function dependencyWorld(name: string) {
  const workspaceName = `dep_${name}_${suffix}`;
  const created = await createSchedulingWorkspace({ name: workspaceName, timeZone: "UTC" });
  made.workspaceIds.push(created.workspaceId);
  const group = await createResourceGroup({ name: workspaceName, slots: 50, description: "", workspaceIds: [created.workspaceId] });
  made.groupIds.push(group.id);
  const worker = await registerWorker({ resourceGroupId: group.id, hostname: "test", pid: 1 });
  const node = (nodeName: string, scheduling: NodeScheduling, dependencies: Partial<NodeDependencies> = {}) =>
    createDeployedNode({
      workflowId: created.workflowId,
      name: nodeName,
      scheduling: { ...scheduling, dependencies: { ...emptyDependencies(), ...dependencies } },
      deployedAt,
      resourceGroupId: group.id,
    }).then((result) => result.nodeId);
  const output = (nodeName: string) => `${workspaceName}.${nodeName}`;
  const tick = async (now: Date) => {
    await syncInstanceRuns({ now, workspaceIds: [created.workspaceId] });
    return dispatchDueInstances({ now, workspaceIds: [created.workspaceId] });
  };
  /**
   * Claims the group's next run and ends it as a worker would, with the status given or
   * the one `outcomeOf` gives its instance; returns the instance it was for.
   */
  const runNext = async (outcomeOf: RunOutcome["status"] | ((instanceId: string | null) => RunOutcome["status"])) => {
    const claimed = await claimNextRun({ workerId: worker.id, resourceGroupId: group.id });
    expect(claimed).not.toBeNull();
    const { instanceId } = await db.run.findUniqueOrThrow({ where: { id: claimed!.id }, select: { instanceId: true } });
    const status = typeof outcomeOf === "function" ? outcomeOf(instanceId) : outcomeOf;
    const outcome: RunOutcome = {
      status,
      errorCode: status === "failed" ? "TEST" : null,
      errorMessage: status === "failed" ? "failed in the test" : null,
      counters: { recordsRead: 0, bytesRead: 0, recordsWritten: 0, bytesWritten: 0, dirtyRecords: 0, totalRecords: null },
    };
    expect(await finishRun({ runId: claimed!.id, workerId: worker.id, outcome })).toBe(true);
    return instanceId;
  };
  const generate = (which = worldDay) => generateDay({ workspaceId: created.workspaceId, day: which, timeZone: "UTC", now: deployedAt });
  return { ...created, node, output, tick, runNext, generate };
}

/** Deletes every workspace and resource group the worlds of this test file made. */
export async function removeDependencyWorlds(): Promise<void> {
  await db.workspace.deleteMany({ where: { id: { in: made.workspaceIds } } });
  await db.resourceGroup.deleteMany({ where: { id: { in: made.groupIds } } });
}
