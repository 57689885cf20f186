import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { queryLimits } from "@/lib/schemas/query";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { createDataSource } from "./data-sources";
import { classifyStatement, listQueryTables, runReadOnlyQuery } from "./query";
import { ensureWorkspace } from "./workspaces";

const suffix = randomUUID().slice(0, 8);
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let workspaceId = "";
let dataSourceId = "";

beforeAll(async () => {
  target = await createTestDatabase(`query_${suffix}`);
  await target.client.query(`
    CREATE TABLE public.bank (id int8 PRIMARY KEY, job text, created date);
    INSERT INTO public.bank SELECT i, 'job ' || i, DATE '2026-11-01' + (i % 3) FROM generate_series(1, 1500) AS i;
    CREATE TABLE public.holo_test (shop_name text, sale_date text) PARTITION BY LIST (sale_date);
    CREATE TABLE public.holo_test_20261123 PARTITION OF public.holo_test FOR VALUES IN ('20261123');
    INSERT INTO public.holo_test VALUES ('a', '20261123');`);
  workspaceId = (await ensureWorkspace({ name: `query_${suffix}`, displayName: "Query", mode: "basic", memberIds: [] })).id;
  dataSourceId = (
    await createDataSource(
      workspaceId,
      dataSourceFormSchema.parse({
        type: "holo",
        connectionMode: "connection_string",
        name: "holo_demo",
        environments: ["production"],
        ...target.config,
      }),
    )
  ).id;
});

afterAll(async () => {
  if (workspaceId) await db.workspace.delete({ where: { id: workspaceId } });
  await target?.drop();
  await db.$disconnect();
});

const run = (sql: string) => runReadOnlyQuery({ workspaceId, dataSourceId, sql });

describe("the Query page's read-only statements", () => {
  it("returns columns with their types and values as the server prints them", async () => {
    const result = await run("-- how many\nSELECT count(*) AS n, min(created) AS first FROM public.bank;");
    expect(result.columns).toEqual([
      { name: "n", type: "bigint" },
      { name: "first", type: "date" },
    ]);
    expect(result.rows).toEqual([["1500", "2026-11-01"]]);
    expect(result.truncated).toBe(false);
  });

  it("caps the rows and says so", async () => {
    const result = await run("SELECT * FROM public.bank ORDER BY id");
    expect(result.rowCount).toBe(queryLimits.maxRows);
    expect(result.truncated).toBe(true);
  });

  it("refuses statements that change data, before and inside the database", async () => {
    expect(() => classifyStatement("  /* x */ DELETE FROM bank")).toThrow(/Only read-only statements run here .* "DELETE"/);
    await expect(run("insert into public.bank values (0)")).rejects.toThrow(/"INSERT" can change data/);
    await expect(run("WITH gone AS (DELETE FROM public.bank RETURNING *) SELECT count(*) FROM gone")).rejects.toThrow(/tries to change data/);
    await expect(run("SELECT 1; DROP TABLE public.bank")).rejects.toThrow(/one statement at a time/);
    const { rows } = await target.client.query("SELECT count(*)::int AS n FROM public.bank");
    expect(rows[0].n).toBe(1500);
  });

  it("reports SQL errors with the server's message", async () => {
    await expect(run("SELECT * FROM public.nope")).rejects.toThrow(/relation "public.nope" does not exist/);
  });

  it("lists tables with partitioned parents holding their child tables", async () => {
    const tables = await listQueryTables({ workspaceId, dataSourceId });
    expect(tables).toEqual([
      { schema: "public", table: "bank", kind: "table", children: [] },
      { schema: "public", table: "holo_test", kind: "partitioned", children: [{ schema: "public", table: "holo_test_20261123", values: ["20261123"] }] },
    ]);
  });
});
