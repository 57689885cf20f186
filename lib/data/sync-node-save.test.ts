// Saving a node: a save on a stale version is refused with who saved what and when, and
// nothing the engine would refuse (or a data source the workspace lacks) is ever saved.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseJobSpec, safeParseJobSpec } from "@/lib/sync-engine/job-spec";
import { emptyDraft, jobSpecFromDraft, type NodeDraft } from "@/lib/wizard/node-draft";
import { queueRun } from "./runs";
import { createSyncNode, createWorkflow, getSavedSyncNode, saveSyncNode } from "./workflows";
import { ensureWorkspace } from "./workspaces";
import { addJobDataSources } from "./testing/job-data-sources";

let workspaceId = "";
let nodeId = "";

function specOf(change: (draft: NodeDraft) => void = () => {}): Record<string, unknown> {
  const draft = emptyDraft();
  draft.reader = { ...draft.reader, datasource: "odps_first", table: "bank_data" };
  draft.writer = { ...draft.writer, datasource: "holo_demo", table: "public.bank_data" };
  draft.mappings = [{ source: "age", target: "age" }];
  change(draft);
  return jobSpecFromDraft(draft);
}

const save = (input: { baseVersion: number | null; jobSpec?: Record<string, unknown> }, by: string) =>
  saveSyncNode(workspaceId, { nodeId, arguments: "", resourceGroupId: null, jobSpec: specOf(), ...input }, by);

const versionCount = () => db.syncNodeVersion.count({ where: { nodeId } });

beforeAll(async () => {
  workspaceId = (await ensureWorkspace({ name: `save_${randomUUID().slice(0, 8)}`, displayName: "Save", mode: "basic", memberIds: [] })).id;
  await addJobDataSources(workspaceId);
  const workflow = await createWorkflow(workspaceId, { name: "sales", description: "" });
  nodeId = (await createSyncNode(workspaceId, { nodeType: "batch_sync", name: "bank_to_holo", workflowId: workflow.id }, "admin")).id;
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

describe("saving a sync node", () => {
  it("refuses a save on a stale version, saying who saved which version when, and keeps the newer one", async () => {
    const alice = await save({ baseVersion: 1, jobSpec: specOf((d) => void (d.channel.errorLimit = "7")) }, "alice");
    expect(alice.version).toBe(2);
    const when = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .format(alice.savedAt)
      .replace(",", "");
    // Bob opened the node at version 1, before Alice saved.
    await expect(save({ baseVersion: 1, jobSpec: specOf((d) => void (d.channel.errorLimit = "9")) }, "bob")).rejects.toThrow(
      `Version 2 was saved by alice at ${when} after you opened this node. Reload to see it, or compare.`,
    );
    expect(await versionCount()).toBe(2);
    const saved = await getSavedSyncNode(workspaceId, nodeId);
    expect(saved.latest).toMatchObject({ version: 2, savedBy: "alice" });
    expect(saved.jobSpec).toMatchObject({ setting: { errorLimit: { record: "7" } } });
  });

  it("takes two saves in a row from the same editor, each on the version the last one made", async () => {
    const first = await save({ baseVersion: 2 }, "bob");
    const second = await save({ baseVersion: first.version }, "bob");
    expect([first.version, second.version]).toEqual([3, 4]);
  });

  it("lets only one of two saves on the same version through", async () => {
    const results = await Promise.allSettled([save({ baseVersion: 4 }, "alice"), save({ baseVersion: 4 }, "bob")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/Version 5 was saved by (alice|bob) at .* after you opened this node/);
    expect(await versionCount()).toBe(5);
  });

  it("never saves a Channel value the engine refuses, and names its JSON path", async () => {
    for (const [change, path] of [
      [(d: NodeDraft) => void (d.channel.errorLimit = "-1"), "setting.errorLimit.record: must be a whole number, 0 or more, or empty for no limit"],
      [(d: NodeDraft) => void (d.channel.errorLimit = "1.5"), "setting.errorLimit.record: must be a whole number"],
      [(d: NodeDraft) => void (d.channel.errorLimit = "abc"), "setting.errorLimit.record: must be a whole number"],
      [(d: NodeDraft) => Object.assign(d.channel, { throttle: true, mbps: "0" }), "setting.speed.mbps: must be a number of MB/s above 0"],
      [(d: NodeDraft) => Object.assign(d.channel, { throttle: true, mbps: "abc" }), "setting.speed.mbps: must be a number of MB/s above 0"],
    ] as const) {
      await expect(save({ baseVersion: 5, jobSpec: specOf(change) }, "bob")).rejects.toThrow(path);
    }
    expect(await versionCount()).toBe(5);
    // What was saved is always a spec the engine accepts.
    const { jobSpec } = await getSavedSyncNode(workspaceId, nodeId);
    expect(() => parseJobSpec(jobSpec)).not.toThrow();
  });

  it("never saves a partition filter that gives a level twice", async () => {
    const spec = specOf();
    (spec.steps as { parameter: Record<string, unknown> }[])[0]!.parameter.partition = ["sale_date=20261129,sale_time=09,sale_time=*"];
    await expect(save({ baseVersion: 5, jobSpec: spec }, "bob")).rejects.toThrow(/steps\[0\]\.parameter\.partition\[0\]: .*gives sale_time more than once/);
  });

  it("saves an unfinished node, whose spec passes the engine's schema but for the parts not filled in", async () => {
    const unfinished = jobSpecFromDraft(emptyDraft());
    const saved = await save({ baseVersion: 5, jobSpec: unfinished }, "bob");
    expect(saved.version).toBe(6);
    expect(safeParseJobSpec(unfinished, { allowIncomplete: true }).ok).toBe(true);
  });

  it("refuses a data source the workspace does not have, or of the wrong type for its step, on Save and on Run", async () => {
    const missing = specOf((d) => void (d.reader.datasource = "nope"));
    await expect(save({ baseVersion: 6, jobSpec: missing }, "bob")).rejects.toThrow(
      'steps[0].parameter.datasource: there is no data source named "nope" in this workspace',
    );
    const caseOnly = specOf((d) => void (d.writer.datasource = "HOLO_DEMO"));
    await expect(save({ baseVersion: 6, jobSpec: caseOnly }, "bob")).rejects.toThrow('(there is "holo_demo": names in a job spec must match exactly)');
    const wrongType = specOf((d) => void (d.writer.datasource = "odps_first"));
    await expect(save({ baseVersion: 6, jobSpec: wrongType }, "bob")).rejects.toThrow(
      'steps[1].parameter.datasource: "odps_first" is a MaxCompute (ODPS) data source, but this writer writes to Hologres',
    );
    expect(await versionCount()).toBe(6);

    // A spec saved before these checks (or written by hand) is refused again when a run is queued.
    await db.syncNode.update({ where: { id: nodeId }, data: { jobSpec: wrongType as object } });
    await expect(queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "bob" })).rejects.toThrow(
      'The node cannot run: steps[1].parameter.datasource: "odps_first" is a MaxCompute (ODPS) data source',
    );
  });
});
