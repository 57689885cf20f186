import { describe, expect, it } from "vitest";
import { nodeDependenciesSchema, tableOutputName } from "./node-dependencies";

describe("tableOutputName", () => {
  it("names the target table as <workspace>.<table>, keeping a schema other than public", () => {
    expect(tableOutputName("demo", "public.holo_test")).toBe("demo.holo_test");
    expect(tableOutputName("demo", "holo_test")).toBe("demo.holo_test");
    expect(tableOutputName("demo", "sales.orders")).toBe("demo.sales.orders");
  });
});

describe("nodeDependenciesSchema", () => {
  it("refuses a cross-cycle dependency on specified nodes with none chosen, naming the field", () => {
    const result = nodeDependenciesSchema.safeParse({ inputs: [], crossCycle: "nodes", crossCycleNodeIds: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["crossCycleNodeIds", "Choose at least one node whose previous instance this node waits for, or another cross-cycle dependency."],
    ]);
    expect(nodeDependenciesSchema.safeParse({ inputs: [], crossCycle: "nodes", crossCycleNodeIds: ["n1"] }).success).toBe(true);
  });
});
