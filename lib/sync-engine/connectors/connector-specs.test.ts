import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataSourceTypeNames } from "./connector-specs";

describe("connector specs", () => {
  it("name the same data source types as the DataSourceType enum in prisma/schema.prisma", () => {
    const schema = readFileSync(path.join(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
    const body = /enum DataSourceType \{([^}]*)\}/.exec(schema)?.[1] ?? "";
    const values = body.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("//"));
    expect([...values].sort()).toEqual([...dataSourceTypeNames].sort());
  });
});
