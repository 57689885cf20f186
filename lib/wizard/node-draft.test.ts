import { describe, expect, it } from "vitest";
import { parseJobSpec } from "@/lib/sync-engine/job-spec";
import { checkDraftForRun, checkDraftForSave, draftFromJobSpec, emptyDraft, jobSpecFromDraft, partitionLevelsOf } from "./node-draft";

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
      dataSources: [],
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

  it("asks for a connection of every type the source's reader reads, as the draft knows only the reader", () => {
    const context = { sourcePartitionColumns: [], targetPartitionColumn: null, targetHasPrimaryKey: false, resourceGroupId: null, typeProblems: [], dataSources: [] };
    const sourceMessage = (stepType: string) => {
      const draft = emptyDraft();
      draft.reader.stepType = stepType;
      return checkDraftForRun(draft, context).find((issue) => issue.field === "source-datasource")?.message;
    };
    expect(sourceMessage("postgresql")).toBe("Source: choose the PostgreSQL or Hologres connection.");
    expect(sourceMessage("mysql")).toBe("Source: choose the MySQL connection.");
    expect(sourceMessage("odps")).toBe("Source: choose the MaxCompute (ODPS) connection.");
  });

  const workspaceSources = [
    { name: "odps_first", type: "odps" as const },
    { name: "holo_demo", type: "holo" as const },
  ];

  it("names a data source the workspace does not have, or of the wrong type, in the Run check", () => {
    const draft = draftFromJobSpec(partitionedSpec, ["sale_date", "sale_time"]);
    draft.reader.datasource = "odps_gone";
    draft.writer.datasource = "odps_first";
    const issues = checkDraftForRun(draft, {
      sourcePartitionColumns: ["sale_date", "sale_time"],
      targetPartitionColumn: "sale_date",
      targetHasPrimaryKey: false,
      resourceGroupId: "group",
      typeProblems: [],
      dataSources: workspaceSources,
    });
    expect(issues).toEqual([
      { step: "connections", field: "source-datasource", message: 'Source: there is no data source named "odps_gone" in this workspace.' },
      {
        step: "connections",
        field: "target-datasource",
        message: 'Target: "odps_first" is a MaxCompute (ODPS) data source, but this writer writes to Hologres.',
      },
    ]);
  });

  it("refuses to save Channel values the engine refuses, with the field and what is allowed", () => {
    const context = { sourcePartitionColumns: [], targetPartitionColumn: null, dataSources: workspaceSources };
    for (const errorLimit of ["-1", "abc", "1.5"]) {
      const draft = emptyDraft();
      draft.channel.errorLimit = errorLimit;
      expect(checkDraftForSave(draft, context)).toEqual([
        {
          step: "channel",
          field: "channel-error-limit",
          message: "Channel: Dirty Data Records Allowed must be a whole number, 0 or more, or empty for no limit.",
        },
      ]);
    }
    for (const mbps of ["0", "abc", ""]) {
      const draft = emptyDraft();
      draft.channel = { ...draft.channel, throttle: true, mbps };
      expect(checkDraftForSave(draft, context).map((issue) => [issue.field, issue.message])).toEqual([
        ["channel-mbps", "Channel: Maximum rate must be a number of MB/s above 0, such as 10 or 0.5."],
      ]);
    }
    const fine = emptyDraft();
    fine.channel = { ...fine.channel, concurrent: 4, throttle: true, mbps: "0.3", errorLimit: "0" };
    expect(checkDraftForSave(fine, context)).toEqual([]);
  });

  it("refuses to save a partition box that holds more than its level, saying what a box takes", () => {
    const draft = emptyDraft();
    draft.reader.partitionLevels = { sale_date: "20261129,sale_time=09", sale_time: "*" };
    const issues = checkDraftForSave(draft, { sourcePartitionColumns: ["sale_date", "sale_time"], targetPartitionColumn: null, dataSources: [] });
    expect(issues).toEqual([
      {
        step: "connections",
        field: "source-partition-sale_date",
        message:
          'Source: Partition sale_date takes one value, pattern or parameter, such as 20261129, 202611*, * or ${bizdate}; "," is not allowed (each level has its own box).',
      },
    ]);
    draft.reader.partitionLevels = { sale_date: "$[add_months(yyyymmdd,-1)]", sale_time: "$[tomorrow]" };
    expect(checkDraftForSave(draft, { sourcePartitionColumns: ["sale_date", "sale_time"], targetPartitionColumn: null, dataSources: [] })).toEqual([
      {
        step: "connections",
        field: "source-partition-sale_time",
        message: "Source: Partition sale_time: $[tomorrow] is not a date expression, such as $[yyyymmdd-1] or $[hh24].",
      },
    ]);
  });

  it("reads a saved filter back into its levels with parameters that hold , or / kept whole", () => {
    expect(partitionLevelsOf(["sale_date=$[add_months(yyyymmdd,-1)],sale_time=$[hh24miss-1/24]"])).toEqual({
      sale_date: "$[add_months(yyyymmdd,-1)]",
      sale_time: "$[hh24miss-1/24]",
    });
  });
});

describe("wizard draft with a MySQL reader", () => {
  const mysqlSpec = {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", table: "orders", column: ["id", "amount", "${bizdate}"], where: "gmt_modified = '${bizdate}'", splitPk: "id" } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "public.orders_by_day", partition: "ds=${bizdate}", column: ["id", "amount", "ds"], writeMode: "sdk", conflictMode: "ignore", truncate: true } },
    ],
    setting: { errorLimit: { record: "" }, speed: { concurrent: 3, throttle: false }, verify: "count" },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };

  it("round-trips where and splitPk, and the engine accepts what it writes", () => {
    const draft = draftFromJobSpec(mysqlSpec);
    expect(draft.reader).toMatchObject({ stepType: "mysql", where: "gmt_modified = '${bizdate}'", splitPk: "id", querySql: "" });
    const written = jobSpecFromDraft(draft, { targetPartitionColumn: "ds" });
    expect(written.steps[0]).toEqual(mysqlSpec.steps[0]);
    expect(() => parseJobSpec(written)).not.toThrow();
  });

  it("in querySql mode writes no where or splitPk and needs no table to run", () => {
    const draft = draftFromJobSpec(mysqlSpec);
    draft.reader.table = "";
    draft.reader.where = "";
    draft.reader.splitPk = "";
    draft.reader.querySql = "SELECT id, amount FROM orders";
    const written = jobSpecFromDraft(draft, { targetPartitionColumn: "ds" });
    expect(written.steps[0].parameter).toEqual({ datasource: "shop", querySql: "SELECT id, amount FROM orders", column: ["id", "amount", "${bizdate}"] });
    const issues = checkDraftForRun(draft, {
      sourcePartitionColumns: [],
      targetPartitionColumn: "ds",
      dataSources: [{ name: "shop", type: "mysql" }, { name: "holo_demo", type: "holo" }],
      targetHasPrimaryKey: false,
      resourceGroupId: "rg",
      typeProblems: [],
    });
    expect(issues).toEqual([]);
  });

  it("refuses a MaxCompute data source for the MySQL reader, naming what it reads", () => {
    const draft = draftFromJobSpec(mysqlSpec);
    const issues = checkDraftForSave(draft, { sourcePartitionColumns: [], targetPartitionColumn: "ds", dataSources: [{ name: "shop", type: "odps" }, { name: "holo_demo", type: "holo" }] });
    expect(issues.map((issue) => issue.message)).toEqual(['Source: "shop" is a MaxCompute (ODPS) data source, but this reader reads from MySQL.']);
  });
});
