import { describe, expect, it } from "vitest";
import { MaxComputeError } from "./maxcompute-error";
import { parsePartitionSpec, partitionFilterLevels, partitionFilterProblem, partitionSpecFromValues, partitionLevelValueProblem, resolvePartitionFilters } from "./partition-filter";

const columns = ["sale_date", "sale_time"];
const partitions = [
  ["20261121", "09"],
  ["20261121", "10"],
  ["20261122", "10"],
  ["20261123", "09"],
  ["20261123", "10"],
  ["20261201", "10"],
].map(([d, t]) => partitionSpecFromValues([["sale_date", d], ["sale_time", t]]));
const resolve = (filters: string[]) =>
  resolvePartitionFilters({ table: "odps_table", filters, partitionColumns: columns, partitions }).map((p) => p.text);

describe("partition filters", () => {
  it("matches one level and leaves the others open", () => {
    expect(resolve(["sale_date=20261123"])).toEqual(["sale_date=20261123,sale_time=09", "sale_date=20261123,sale_time=10"]);
  });

  it("accepts multi-level filters with , or / and quotes", () => {
    expect(resolve(["sale_date=20261123,sale_time=10"])).toEqual(["sale_date=20261123,sale_time=10"]);
    expect(resolve(["sale_date=20261123/sale_time=10"])).toEqual(["sale_date=20261123,sale_time=10"]);
    expect(resolve(["sale_date='20261123', sale_time=\"10\""])).toEqual(["sale_date=20261123,sale_time=10"]);
  });

  it("supports * and prefix wildcards, and several filters without duplicates", () => {
    expect(resolve(["*"])).toHaveLength(6);
    expect(resolve(["sale_date=202611*"])).toHaveLength(5);
    expect(resolve(["sale_date=202611*,sale_time=09", "sale_date=20261121"])).toEqual([
      "sale_date=20261121,sale_time=09",
      "sale_date=20261121,sale_time=10",
      "sale_date=20261123,sale_time=09",
    ]);
  });

  it("fails naming the filter and the nearest partitions when nothing matches", () => {
    try {
      resolve(["sale_date=20261124"]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MaxComputeError);
      expect((error as MaxComputeError).code).toBe("PARTITION_NOT_FOUND");
      const message = (error as MaxComputeError).message;
      expect(message).toContain('"sale_date=20261124"');
      expect(message).toContain("odps_table");
      expect(message.indexOf("sale_date=20261123")).toBeGreaterThan(0);
      expect(message).not.toContain("20261201,sale_time=10;"); // farther ones come later or not at all
    }
  });

  it("refuses keys that are not partition columns", () => {
    expect(() => resolve(["pt=20261123"])).toThrowError(/not a partition column.*sale_date, sale_time/);
  });

  it("orders a concrete spec as the table's partition columns", () => {
    expect(parsePartitionSpec("sale_time=10/sale_date=20261123", columns).text).toBe("sale_date=20261123,sale_time=10");
    expect(() => parsePartitionSpec("sale_date=20261123", columns)).toThrowError(/every partition column/);
  });

  it("refuses a filter that gives one level twice instead of letting one of them win", () => {
    expect(() => resolve(["sale_date=20261123,sale_time=09,sale_time=*"])).toThrowError(/names sale_time twice/);
    expect(partitionFilterProblem("sale_date=20261123,sale_time=09,sale_time=*")).toMatch(/gives sale_time more than once/);
  });

  it("checks a saved filter's syntax with its parameters unresolved, keeping $[...] whole", () => {
    expect(partitionFilterProblem("sale_date=$[add_months(yyyymmdd,-1)],sale_time=$[hh24miss-1/24]")).toBeNull();
    expect(partitionFilterLevels("sale_date=$[add_months(yyyymmdd,-1)]/sale_time=*")).toEqual([
      ["sale_date", "$[add_months(yyyymmdd,-1)]"],
      ["sale_time", "*"],
    ]);
    expect(partitionFilterProblem("*")).toBeNull();
    expect(partitionFilterProblem("20261123")).toMatch(/"20261123" is not of the form column=value/);
    expect(partitionFilterProblem("sale_date=")).toMatch(/The value of sale_date is empty/);
  });

  it("takes one value, pattern or parameter for one level, and names what does not belong", () => {
    for (const value of ["20261129", "*", "202611*", "2026112?", "${bizdate}", "$[yyyymmdd-1]", "$[add_months(yyyymmdd,-1)]", "$[hh24miss-1/24]", "$bizdate", "${bizdate}*"]) {
      expect(partitionLevelValueProblem(value), value).toBeNull();
    }
    expect(partitionLevelValueProblem("20261129,sale_time=09")).toBe('","');
    expect(partitionLevelValueProblem("2026/11/29")).toBe('"/"');
    expect(partitionLevelValueProblem("sale_time=09")).toBe('"="');
    expect(partitionLevelValueProblem("'09'")).toBe("a quote");
    expect(partitionLevelValueProblem("09 10")).toBe("a blank");
    expect(partitionLevelValueProblem("${bizdate")).toBe('"$" outside a parameter');
  });
});
