import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { safeParseJobSpec } from "../job-spec";
import { resolveJob } from "../runner";
import { connectorSpecs } from "./connector-specs";
import { connectorFor, defaultConnectorRegistry } from "./registry";

const example = () => JSON.parse(readFileSync(path.join(__dirname, "../examples/bank-data-to-holo.json"), "utf8"));

describe("connector registry", () => {
  it("lists each connector's reader and writer by stepType", () => {
    expect(Object.keys(defaultConnectorRegistry.readers).sort()).toEqual(["mysql", "odps", "postgresql"]);
    expect(Object.keys(defaultConnectorRegistry.writers)).toEqual(["holo"]);
    for (const spec of connectorSpecs) expect(connectorFor(spec.dataSourceType)?.spec).toBe(spec);
  });

  it("rejects a job whose reader is unknown, naming the known readers", () => {
    const spec = example();
    spec.steps[0].stepType = "oracle";
    const result = safeParseJobSpec(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('steps[0].stepType: unknown reader stepType "oracle"; known readers: odps, mysql, postgresql');
  });

  it("rejects a job whose writer is unknown, naming the known writers", () => {
    const spec = example();
    spec.steps[1].stepType = "kafka";
    const result = safeParseJobSpec(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('steps[1].stepType: unknown writer stepType "kafka"; known writers: holo');
  });

  it("takes a MySQL reader in table mode and in querySql mode", () => {
    const spec = example();
    spec.steps[0] = { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", table: "orders", column: spec.steps[1].parameter.column, where: "gmt_modified >= '${bizdate}'", splitPk: "id" } };
    const resolved = resolveJob(spec, { parameters: { bizdate: "20261129" } });
    expect(resolved.spec.steps[0].parameter).toMatchObject({ where: "gmt_modified >= '20261129'", splitPk: "id" });

    spec.steps[0].parameter = { datasource: "shop", querySql: "SELECT id, amount FROM orders" };
    expect(safeParseJobSpec(spec).ok).toBe(true);
  });

  it("refuses where and splitPk next to querySql, naming the field", () => {
    const spec = example();
    spec.steps[0] = { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", querySql: "SELECT 1", where: "id > 3", splitPk: "id" } };
    const result = safeParseJobSpec(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(["steps[0].parameter.where", "steps[0].parameter.splitPk"]);
  });
});
