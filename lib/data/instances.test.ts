// Operation Center's lists on real PostgreSQL: the per-state counts (Frozen and Dry run
// come from flags), the filters, and what an instance page says it waits for.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { InstanceStatusName } from "@/lib/scheduling/instance-status";
import { getInstanceDetail, listAutoTriggeredNodes, listInstances } from "./instances";
import { ensureWorkspace } from "./workspaces";

let workspaceId = "";
let nodeId = "";
const now = new Date("2026-11-30T08:00:00Z");

async function instance(status: InstanceStatusName, at: string, extra: { frozen?: boolean; dryRun?: boolean; dryRunReason?: string; kind?: "auto" | "test"; notBefore?: string; autoRerunsUsed?: number } = {}) {
  return db.instance.create({
    data: {
      workspaceId,
      nodeId,
      kind: extra.kind ?? "auto",
      batch: extra.kind === "test" ? randomUUID() : "",
      scheduledAt: new Date(at),
      bizdate: "20261129",
      parameters: { bizdate: "20261129", cyctime: "20261130023000" },
      status,
      frozen: extra.frozen ?? false,
      dryRun: extra.dryRun ?? false,
      dryRunReason: extra.dryRunReason ?? null,
      notBefore: new Date(extra.notBefore ?? at),
      autoRerunsUsed: extra.autoRerunsUsed ?? 0,
    },
  });
}

beforeAll(async () => {
  workspaceId = (await ensureWorkspace({ name: `ocl_${randomUUID().slice(0, 8)}`, displayName: "OCL", mode: "standard", memberIds: [] })).id;
  await db.workspace.update({ where: { id: workspaceId }, data: { schedulingTimeZone: "Asia/Shanghai" } });
  const workflow = await db.workflow.create({ data: { workspaceId, name: "ops" } });
  const node = await db.syncNode.create({ data: { workflowId: workflow.id, name: "orders_daily", jobSpec: {}, owner: "alice" } });
  nodeId = node.id;
  const version = await db.nodeVersion.create({
    data: {
      nodeId,
      version: 3,
      changeType: "change",
      jobSpec: {},
      scheduling: { instanceGenerationMode: "nextDay", recurrence: "normal", cycle: { type: "day", time: "02:30" }, validFrom: "1970-01-01", validTo: "9999-01-01", timeoutMinutes: null, rerun: "failureAllowed", autoRerun: { times: 3, intervalMinutes: 2 } },
      committedBy: "alice",
      deployedAt: now,
    },
  });
  await db.syncNode.update({ where: { id: nodeId }, data: { deployedVersionId: version.id } });
  // 2026-11-30 02:30 and 2026-12-01 02:30 in Shanghai.
  await instance("succeeded", "2026-11-29T18:30:00Z");
  await instance("failed", "2026-11-29T18:31:00Z");
  await instance("succeeded", "2026-11-29T18:32:00Z", { dryRun: true, dryRunReason: "Not a chosen day of the cycle" });
  await instance("waitingTime", "2026-11-30T18:30:00Z", { frozen: true });
  await instance("waitingTime", "2026-11-30T18:31:00Z");
  await instance("waitingTime", "2026-11-29T18:33:00Z", { kind: "test" });
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

describe("instance lists", () => {
  it("count each state, Frozen and Dry run from their flags, and list the newest scheduled time first", async () => {
    const list = await listInstances({ workspaceId, kind: "auto", filter: {}, now });
    expect(list.counts).toMatchObject({ succeeded: 1, failed: 1, dryRun: 1, frozen: 1, waitingTime: 1, running: 0 });
    expect(list.instances.map((i) => i.displayStatus)).toEqual(["waitingTime", "frozen", "dryRun", "failed", "succeeded"]);
    expect(list.instances.find((i) => i.displayStatus === "dryRun")?.statusText).toBe("Dry run (Not a chosen day of the cycle)");
  });

  it("filter by state (keeping the strip's counts), by scheduled date in the workspace's time zone, and by kind", async () => {
    const frozen = await listInstances({ workspaceId, kind: "auto", filter: { status: "frozen" }, now });
    expect(frozen.instances).toHaveLength(1);
    expect(frozen.counts.succeeded).toBe(1);
    const dec1 = await listInstances({ workspaceId, kind: "auto", filter: { date: "2026-12-01" }, now });
    expect(dec1.instances.map((i) => i.displayStatus).sort()).toEqual(["frozen", "waitingTime"]);
    const tests = await listInstances({ workspaceId, kind: "test", filter: { bizdate: "2026-11-29" }, now });
    expect(tests.instances).toHaveLength(1);
  });

  it("say why Rerun is refused under Allow upon Failure Only", async () => {
    const list = await listInstances({ workspaceId, kind: "auto", filter: {}, now });
    expect(list.instances.find((i) => i.displayStatus === "succeeded")?.rerunRefusal).toBe('The node\'s Rerun property is "Allow upon Failure Only", and this instance succeeded.');
    expect(list.instances.find((i) => i.displayStatus === "failed")?.rerunRefusal).toBeNull();
  });
});

describe("an instance page", () => {
  it("says it waits for its time, for being unfrozen, or for the auto-rerun interval", async () => {
    const list = await listInstances({ workspaceId, kind: "auto", filter: {}, now });
    const frozen = await getInstanceDetail(workspaceId, list.instances.find((i) => i.displayStatus === "frozen")!.id, now);
    expect(frozen.waitsFor).toEqual([
      "Being unfrozen: a frozen instance does not run, and what depends on it waits too. Unfreeze it to let it run.",
      "Its time: 2026-12-01 02:30:00 (Asia/Shanghai).",
    ]);
    const retry = await instance("waitingTime", "2026-11-29T18:40:00Z", { notBefore: "2026-11-30T08:02:00Z", autoRerunsUsed: 1 });
    await db.instance.update({ where: { id: retry.id }, data: { runNumber: 1 } });
    const detail = await getInstanceDetail(workspaceId, retry.id, now);
    expect(detail.waitsFor).toEqual(["The auto-rerun interval: attempt 1 failed, so auto rerun 1 of 3 starts at 2026-11-30 16:02:00 (Asia/Shanghai)."]);
    expect(detail.parameters).toEqual({ bizdate: "20261129", cyctime: "20261130023000" });
  });

  it("lists deployed nodes with their cycle, cron and next time", async () => {
    const { nodes, timeZone } = await listAutoTriggeredNodes(workspaceId, now);
    expect(timeZone).toBe("Asia/Shanghai");
    expect(nodes).toEqual([
      expect.objectContaining({ name: "orders_daily", cycle: "Every day at 02:30", cron: "00 30 02 * * ?", nextScheduledAt: "2026-11-30T18:30:00.000Z", owner: "alice", recurrence: "Normal", rerunPolicy: "Allow upon Failure Only", deployedVersion: 3 }),
    ]);
  });
});
