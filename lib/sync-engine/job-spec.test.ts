import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dirtyRecordLimit, listJobSpecParameters, parseJobSpec, safeParseJobSpec, verifyMode } from "./job-spec";
import { SyncError } from "./sync-error";

const examplesDir = path.join(import.meta.dirname, "examples");
const loadExample = (name: string): unknown => JSON.parse(readFileSync(path.join(examplesDir, name), "utf8"));

describe("job spec", () => {
  it.each(readdirSync(examplesDir).filter((f) => f.endsWith(".json")))("accepts the guide's example %s", (file) => {
    const spec = parseJobSpec(loadExample(file));
    expect(spec.steps[0].stepType).toBe("odps");
    expect(spec.steps[1].stepType).toBe("holo");
    expect(spec.steps[0].parameter.column!.length).toBe(spec.steps[1].parameter.column.length);
  });

  it("fills DataWorks defaults for omitted optional fields", () => {
    const spec = parseJobSpec({
      type: "job",
      version: "2.0",
      steps: [
        { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "a", table: "t", column: ["x"] } },
        { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "b", table: "t", column: ["x"] } },
      ],
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    });
    expect(spec.steps[1].parameter.writeMode).toBe("sdk");
    expect(spec.steps[1].parameter.conflictMode).toBe("ignore");
    expect(spec.steps[1].parameter.truncate).toBe(false);
    expect(spec.setting.speed.concurrent).toBe(2);
    expect(dirtyRecordLimit(spec)).toBe(0);
    expect(verifyMode(spec)).toBe("off");
  });

  it("takes setting.verify off, count or checksum, and names anything else by its path", () => {
    const input = loadExample("bank-data-to-holo.json") as { setting: Record<string, unknown> };
    input.setting.verify = "checksum";
    expect(verifyMode(parseJobSpec(input))).toBe("checksum");
    input.setting.verify = "always";
    expect(() => parseJobSpec(input)).toThrow(/setting\.verify: Invalid option/);
  });

  it("refuses an unknown key and names its JSON path", () => {
    const input = loadExample("bank-data-to-holo.json") as { steps: Array<{ parameter: Record<string, unknown> }> };
    input.steps[1]!.parameter.writeMod = "sdk";
    expect(() => parseJobSpec(input)).toThrow(/steps\[1\]\.parameter\.writeMod: unknown key/);
    try {
      parseJobSpec(input);
    } catch (error) {
      expect(error).toBeInstanceOf(SyncError);
      expect((error as SyncError).code).toBe("INVALID_JOB_SPEC");
    }
  });

  it("refuses a wrong type and names its JSON path", () => {
    const input = loadExample("bank-data-to-holo.json") as { setting: { speed: Record<string, unknown> }; steps: Array<{ parameter: Record<string, unknown> }> };
    input.setting.speed.throttle = "yes";
    input.steps[1]!.parameter.writeMode = "fast";
    const result = safeParseJobSpec(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toContain("setting.speed.throttle");
    expect(paths).toContain("steps[1].parameter.writeMode");
  });

  it("refuses a concurrency outside 1 to 32 and a throttle without a rate", () => {
    const input = loadExample("bank-data-to-holo.json") as { setting: { speed: Record<string, unknown> } };
    input.setting.speed = { throttle: true, concurrent: 33 };
    const result = safeParseJobSpec(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/setting\.speed\.concurrent/);
    expect(result.message).toMatch(/setting\.speed\.mbps/);
  });

  it("refuses mismatched column counts and a hop that does not join reader to writer", () => {
    const input = loadExample("bank-data-to-holo.json") as { order: { hops: unknown[] }; steps: Array<{ parameter: { column: string[] } }> };
    input.steps[1]!.parameter.column.pop();
    input.order.hops = [{ from: "Writer", to: "Reader" }];
    const result = safeParseJobSpec(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/steps\[1\]\.parameter\.column: the writer maps 20 columns but the reader reads 21/);
    expect(result.message).toMatch(/order\.hops\[0\]/);
  });

  it("reads the dirty limit: empty means no limit, a number is the allowance", () => {
    const spec = parseJobSpec(loadExample("odps-table-to-holo.json"));
    expect(dirtyRecordLimit(spec)).toBeNull();
    const limited = parseJobSpec({ ...(loadExample("odps-table-to-holo.json") as object), setting: { errorLimit: { record: "5" }, speed: { concurrent: 1 } } });
    expect(dirtyRecordLimit(limited)).toBe(5);
  });

  it("refuses invalid JSON text with a clear message", () => {
    const result = safeParseJobSpec("{ not json");
    expect(result.ok).toBe(false);
  });

  it("lists the parameters a spec uses for the Run dialog", () => {
    const spec = parseJobSpec(loadExample("odps-table-to-partitioned-holo.json"));
    expect(listJobSpecParameters(spec)).toEqual([{ name: "bizdate", kind: "bizdate", expressions: ["${bizdate}"], definedByArguments: false }]);
    const withArgs = listJobSpecParameters(
      { ...spec, steps: [{ ...spec.steps[0], parameter: { ...spec.steps[0].parameter, partition: ["sale_date=${bizdate},sale_time=${hour}"] } }, spec.steps[1]] },
      { nodeArguments: "hour=$[hh24]" },
    );
    expect(withArgs.map((p) => [p.name, p.kind, p.definedByArguments])).toEqual([
      ["bizdate", "bizdate", false],
      ["hour", "custom", true],
      ["cyctime", "scheduledTime", false],
    ]);
  });

  it("refuses dirty-record limits and rates the engine cannot use, naming their paths", () => {
    const withSetting = (setting: unknown) => ({ ...(loadExample("bank-data-to-holo.json") as object), setting });
    for (const record of ["-1", "abc", "1.5", -1, 1.5]) {
      const result = safeParseJobSpec(withSetting({ errorLimit: { record }, speed: { concurrent: 2 } }));
      expect(result.ok, `record ${JSON.stringify(record)}`).toBe(false);
      if (!result.ok) expect(result.message).toContain("setting.errorLimit.record: must be a whole number, 0 or more, or empty for no limit");
    }
    for (const mbps of ["0", "abc", 0, -2]) {
      const result = safeParseJobSpec(withSetting({ errorLimit: { record: "" }, speed: { throttle: true, mbps, concurrent: 2 } }));
      expect(result.ok, `mbps ${JSON.stringify(mbps)}`).toBe(false);
      if (!result.ok) expect(result.message).toContain("setting.speed.mbps: must be a number of MB/s above 0");
    }
    for (const record of ["", null, "0", 0, "25", 25]) expect(safeParseJobSpec(withSetting({ errorLimit: { record }, speed: { concurrent: 2 } })).ok).toBe(true);
    expect(safeParseJobSpec(withSetting({ errorLimit: { record: "0" }, speed: { throttle: true, mbps: "0.3", concurrent: "4" } })).ok).toBe(true);
  });

  it("refuses a partition filter that gives a level twice or a part that is not column=value", () => {
    const withPartition = (partition: unknown) => {
      const spec = loadExample("odps-table-to-holo.json") as { steps: Array<{ parameter: Record<string, unknown> }> };
      spec.steps[0]!.parameter.partition = partition;
      return safeParseJobSpec(spec);
    };
    const twice = withPartition(["sale_date=20261129,sale_time=09,sale_time=*"]);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.message).toMatch(/steps\[0\]\.parameter\.partition\[0\]: .*gives sale_time more than once/);
    const bare = withPartition("sale_date=${bizdate},09");
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.message).toMatch(/steps\[0\]\.parameter\.partition: "09" is not of the form column=value/);
    expect(withPartition(["sale_date=$[add_months(yyyymmdd,-1)],sale_time=$[hh24-1/24]"]).ok).toBe(true);
    expect(withPartition(["*", "sale_date='20261123'/sale_time=1?"]).ok).toBe(true);
  });

  it("checks a spec as a node may be saved: empty data sources, tables and columns pass, nothing else is relaxed", () => {
    const draft = {
      type: "job",
      version: "2.0",
      steps: [
        { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "", table: "", column: [] } },
        { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "", table: "", column: [] } },
      ],
      setting: { errorLimit: { record: "" }, speed: { throttle: false, concurrent: 2 } },
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    };
    expect(safeParseJobSpec(draft, { allowIncomplete: true }).ok).toBe(true);
    const complete = safeParseJobSpec(draft);
    expect(complete.ok).toBe(false);
    if (!complete.ok) {
      expect(complete.issues.map((issue) => issue.path)).toEqual([
        "steps[0].parameter.datasource",
        "steps[0].parameter.table",
        "steps[0].parameter.column",
        "steps[1].parameter.datasource",
        "steps[1].parameter.table",
        "steps[1].parameter.column",
      ]);
    }
    const badRate = { ...draft, setting: { errorLimit: { record: "1.5" }, speed: { throttle: true, mbps: "abc", concurrent: 2 } } };
    const refused = safeParseJobSpec(badRate, { allowIncomplete: true });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues.map((issue) => issue.path)).toEqual(["setting.errorLimit.record", "setting.speed.mbps"]);
  });
});
