import { describe, expect, it } from "vitest";
import { parseJobSpec } from "@/lib/sync-engine/job-spec";
import { checkDraftForRun, draftFromJobSpec, emptyDraft, jobSpecFromDraft } from "./node-draft";

const partitionedSpec = {
  type: "job",
  version: "2.0",
  steps: [
    {
      stepType: "odps",
      category: "reader",
      name: "Reader",
      parameter: {
        datasource: "odps_first",
        table: "odps_table",
        partition: ["sale_date=${bizdate},sale_time=*"],
        column: ["shop_name", "customer_id", "total_price", "sale_date", "'web'"],
      },
    },
    {
      stepType: "holo",
      category: "writer",
      name: "Writer",
      parameter: {
        datasource: "holo_demo",
        table: "public.holo_test",
        partition: "sale_date=${bizdate}",
        column: ["shop_name", "customer_id", "total_price", "sale_date", "channel"],
        writeMode: "sdk",
        conflictMode: "ignore",
        truncate: true,
        preSql: ["delete from x where 1=0"],
      },
    },
  ],
  setting: { errorLimit: { record: "0" }, speed: { throttle: true, mbps: "10", concurrent: 2 } },
  order: { hops: [{ from: "Reader", to: "Writer" }] },
};

describe("wizard draft and job spec", () => {
  it("reads a partitioned spec into levels, extra source fields and mappings", () => {
    const draft = draftFromJobSpec(partitionedSpec, ["sale_date", "sale_time"]);
    expect(draft.reader.partitionLevels).toEqual({ sale_date: "${bizdate}", sale_time: "*" });
    expect(draft.reader.extraFields.map((f) => [f.kind, f.expression])).toEqual([
      ["partition", "sale_date"],
      ["constant", "'web'"],
    ]);
    expect(draft.mappings[4]).toEqual({ source: "'web'", target: "channel" });
    expect(draft.writer.partitionValue).toBe("${bizdate}");
    expect(draft.channel).toEqual({ concurrent: 2, throttle: true, mbps: "10", errorLimit: "0", verify: "off" });
  });

  it("keeps Verify after writing in setting.verify: new nodes count, a spec without it does not verify", () => {
    expect(emptyDraft().channel.verify).toBe("count");
    expect(jobSpecFromDraft(emptyDraft()).setting).toMatchObject({ verify: "count" });
    const withChecksum = { ...partitionedSpec, setting: { ...partitionedSpec.setting, verify: "checksum" } };
    const draft = draftFromJobSpec(withChecksum, ["sale_date", "sale_time"]);
    expect(draft.channel.verify).toBe("checksum");
    expect(jobSpecFromDraft(draft, { partitionColumns: ["sale_date", "sale_time"], targetPartitionColumn: "sale_date" })).toEqual(withChecksum);
    draft.channel.verify = "off";
    expect(jobSpecFromDraft(draft).setting).not.toHaveProperty("verify");
  });

  it("writes back the same spec, which the engine's schema accepts", () => {
    const draft = draftFromJobSpec(partitionedSpec, ["sale_date", "sale_time"]);
    const spec = jobSpecFromDraft(draft, { partitionColumns: ["sale_date", "sale_time"], targetPartitionColumn: "sale_date" });
    expect(spec).toEqual(partitionedSpec);
    expect(() => parseJobSpec(spec)).not.toThrow();
  });

  it("joins the partition levels into one filter, since list entries are alternatives", () => {
    const draft = emptyDraft();
    draft.reader.partitionLevels = { sale_date: "20261123", sale_time: "10" };
    const spec = jobSpecFromDraft(draft, { partitionColumns: ["sale_date", "sale_time"] });
    expect(spec.steps[0].parameter).toMatchObject({ partition: ["sale_date=20261123,sale_time=10"] });
  });

  it("lists what a run still needs, step by step, with the field to fix", () => {
    const issues = checkDraftForRun(emptyDraft(), {
      sourcePartitionColumns: ["sale_date"],
      targetPartitionColumn: "sale_date",
      targetHasPrimaryKey: false,
      resourceGroupId: null,
      typeProblems: [],
    });
    expect(issues.map((i) => [i.step, i.field])).toEqual([
      ["connections", "source-datasource"],
      ["connections", "source-table"],
      ["connections", "source-partition-sale_date"],
      ["connections", "target-datasource"],
      ["connections", "target-table"],
      ["connections", "target-partition"],
      ["mappings", "mappings"],
      ["resource-group", "resource-group"],
    ]);
    expect(issues.at(-1)?.message).toMatch(/SDK \(Fast write\) needs an exclusive resource group/);
  });
});
