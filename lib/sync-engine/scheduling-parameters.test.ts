import { describe, expect, it } from "vitest";
import { createParameterResolver, listParameterReferences, resolveSchedulingParameters, unusableParameterReferences } from "./scheduling-parameters";
import { SyncError } from "./sync-error";

// A node scheduled for 2026-11-24 00:30:00 has the business date 2026-11-23.
const scheduled = { scheduledTime: "20261124003000" };

describe("scheduling parameters", () => {
  it("derives bizdate as the day before the scheduled time", () => {
    expect(resolveSchedulingParameters("$bizdate ${bizdate}", scheduled)).toBe("20261123 20261123");
  });

  it("resolves ${...} formats and day offsets from the business date", () => {
    expect(resolveSchedulingParameters("${yyyymmdd} ${yyyymmdd-1} ${yyyymmdd-7*2} ${yyyy-mm-dd} ${yyyy-mm-dd-23}", scheduled)).toBe(
      "20261123 20261122 20261109 2026-11-23 2026-10-31",
    );
  });

  it("resolves ${yyyymm}, month and year offsets", () => {
    expect(resolveSchedulingParameters("${yyyymm} ${yyyymm-1} ${yyyy} ${yyyy-1} ${mm} ${dd}", scheduled)).toBe("202611 202610 2026 2025 11 23");
  });

  it("resolves $[...] from the scheduled time with hour and minute fractions", () => {
    expect(resolveSchedulingParameters("$[yyyymmdd] $[yyyymmdd-1] $[hh24miss] $[hh24miss-1/24] $[hh24] $[mi] $[hh24miss-30/24/60]", scheduled)).toBe(
      "20261124 20261123 003000 233000 00 30 000000",
    );
    expect(resolveSchedulingParameters("$[yyyy-mm-dd hh24:mi:ss]", scheduled)).toBe("2026-11-24 00:30:00");
  });

  it("resolves add_months with day clamping", () => {
    expect(resolveSchedulingParameters("$[add_months(yyyymmdd,-1)] $[add_months(yyyymmdd,12)]", scheduled)).toBe("20261024 20271124");
    expect(resolveSchedulingParameters("$[add_months(yyyymmdd,-1)]", { scheduledTime: "20260331000000" })).toBe("20260228");
  });

  it("resolves $cyctime and $gmtdate", () => {
    expect(resolveSchedulingParameters("$cyctime $gmtdate", scheduled)).toBe("20261124003000 20261124");
  });

  it("derives the scheduled time from an explicit bizdate (next day at midnight)", () => {
    const resolver = createParameterResolver({ parameters: { bizdate: "20261123" } });
    expect(resolver.resolve("${bizdate} $[yyyymmdd] $cyctime")).toBe("20261123 20261124 20261124000000");
  });

  it("crosses month and year boundaries", () => {
    expect(resolveSchedulingParameters("${bizdate} ${yyyymmdd-1}", { scheduledTime: "20260101000000" })).toBe("20251231 20251230");
  });

  it("resolves node arguments whose values use other parameters", () => {
    const resolver = createParameterResolver({ ...scheduled, nodeArguments: "bizdate=$bizdate hour=$[hh24] region=cn" });
    expect(resolver.resolve("sale_date=${bizdate},sale_time=${hour} ${region}")).toBe("sale_date=20261123,sale_time=00 cn");
  });

  it("lets explicit values win over node arguments", () => {
    expect(resolveSchedulingParameters("${hour}", { ...scheduled, nodeArguments: "hour=$[hh24]", parameters: { hour: "10" } })).toBe("10");
  });

  it("stops on an unresolved parameter and names it", () => {
    expect(() => resolveSchedulingParameters("pt=${region}", scheduled)).toThrow(/\$\{region\}/);
    try {
      resolveSchedulingParameters("pt=${bizdate}", {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SyncError);
      expect((error as SyncError).code).toBe("UNRESOLVED_PARAMETER");
      expect((error as SyncError).message).toContain("${bizdate}");
    }
  });

  it("refuses an invalid bizdate", () => {
    expect(() => createParameterResolver({ parameters: { bizdate: "20261332" } })).toThrow(/bizdate/);
  });

  it("leaves text without parameters alone", () => {
    expect(resolveSchedulingParameters("select $1, 'a$b'", scheduled)).toBe("select $1, 'a$b'");
  });

  it("lists references with what the user must supply", () => {
    expect(listParameterReferences("${bizdate} $[hh24] ${yyyymmdd-1} ${region} $cyctime")).toEqual([
      { expression: "${bizdate}", name: "bizdate", kind: "bizdate" },
      { expression: "$[hh24]", name: "cyctime", kind: "scheduledTime" },
      { expression: "${yyyymmdd-1}", name: "bizdate", kind: "bizdate" },
      { expression: "${region}", name: "region", kind: "custom" },
      { expression: "$cyctime", name: "cyctime", kind: "scheduledTime" },
    ]);
  });

  it("names references no value could ever resolve", () => {
    expect(unusableParameterReferences("${bizdate} ${hour} ${yyyymmdd-1} $[hh24miss-1/24] $[add_months(yyyymmdd,-1)] $bizdate")).toEqual([]);
    expect(unusableParameterReferences("$[tomorrow] ${two words}").map((found) => found.expression)).toEqual(["$[tomorrow]", "${two words}"]);
    expect(unusableParameterReferences("$[tomorrow]")[0]?.problem).toBe("$[tomorrow] is not a date expression, such as $[yyyymmdd-1] or $[hh24]");
  });
});
