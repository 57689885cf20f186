import { describe, expect, it } from "vitest";
import { instanceParameters, isKnownTimeZone } from "./instance-parameters";

describe("instanceParameters", () => {
  it("fixes bizdate, cyctime and the arguments in the workspace's time zone", () => {
    // 2025-11-01 02:30:45 in Shanghai is 2025-10-31 18:30:45 UTC (DataWorks' documented example).
    const result = instanceParameters({
      scheduledAt: new Date("2025-10-31T18:30:45Z"),
      timeZone: "Asia/Shanghai",
      nodeArguments: "month=${yyyymm} day=$[yyyy-mm-dd] before=${yyyymmdd-1} hour=$[hh24miss-1/24]",
    });
    expect(result.bizdate).toBe("20251031");
    expect(result.cyctime).toBe("20251101023045");
    expect(result.values).toEqual({
      month: "202510",
      day: "2025-11-01",
      before: "20251030",
      hour: "013045",
      bizdate: "20251031",
      cyctime: "20251101023045",
    });
  });

  it("takes a chosen business date for test and backfill instances", () => {
    const result = instanceParameters({ scheduledAt: new Date("2025-03-16T00:00:00Z"), timeZone: "UTC", nodeArguments: "", bizdate: "20250315" });
    expect(result.values).toEqual({ bizdate: "20250315", cyctime: "20250316000000" });
  });

  it("knows IANA names and refuses others", () => {
    expect(isKnownTimeZone("Europe/Berlin")).toBe(true);
    expect(isKnownTimeZone("Mars/Olympus")).toBe(false);
  });
});
