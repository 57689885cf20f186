import { describe, expect, it } from "vitest";
import { generateDdlSchema } from "./sync-node";

describe("Create Table's input", () => {
  const base = { sourceDatasource: "shop", targetDatasource: "holo_demo", tableName: "public.order_totals" };

  it("takes a source table or a querySql", () => {
    expect(generateDdlSchema.safeParse({ ...base, sourceTable: "orders" }).success).toBe(true);
    expect(generateDdlSchema.safeParse({ ...base, sourceQuerySql: "SELECT id FROM orders" }).success).toBe(true);
  });

  it("asks for a table or a querySql, and for the name of the table to create", () => {
    expect(generateDdlSchema.safeParse({ ...base, sourceTable: "", sourceQuerySql: "  " }).error?.issues).toMatchObject([
      { path: ["sourceTable"], message: "Choose the source table first, or write a querySql." },
    ]);
    expect(generateDdlSchema.safeParse({ ...base, sourceQuerySql: "SELECT 1", tableName: " " }).error?.issues).toMatchObject([
      { path: ["tableName"], message: "Type the name of the table to create." },
    ]);
  });
});
