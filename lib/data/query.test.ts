import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { queryLimits } from "@/lib/schemas/query";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { createDataSource } from "./data-sources";
import { listQueryTables, runReadOnlyQuery } from "./query";
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
    expect(result.truncated).toBe(null);
    expect(result.byteCount).toBe("15002026-11-01".length);
  });

  it("caps the rows and says so", async () => {
    const result = await run("SELECT * FROM public.bank ORDER BY id");
    expect(result.rowCount).toBe(queryLimits.maxRows);
    expect(result.truncated).toBe("rows");
  });

  it("refuses statements that change data, before they reach the database", async () => {
    await expect(run("insert into public.bank values (0)")).rejects.toThrow(/"INSERT" can change data/);
    await expect(run("WITH gone AS (DELETE FROM public.bank RETURNING *) SELECT count(*) FROM gone")).rejects.toThrow(/data-modifying WITH/);
    await expect(run("SELECT 1; DROP TABLE public.bank")).rejects.toThrow(/one statement at a time/);
    const { rows } = await target.client.query("SELECT count(*)::int AS n FROM public.bank");
    expect(rows[0].n).toBe(1500);
  });

  it("refuses EXPLAIN ANALYZE of a DELETE before it reaches the database, and the table keeps its rows", async () => {
    await expect(run("EXPLAIN ANALYZE DELETE FROM public.bank")).rejects.toMatchObject({
      field: "sql",
      message: expect.stringMatching(/EXPLAIN ANALYZE runs the statement it explains, and DELETE can change data/),
    });
    const { rows } = await target.client.query("SELECT count(*)::int AS n FROM public.bank");
    expect(rows[0].n).toBe(1500);
  });

  it.each([
    ["SELECT pg_read_file('/etc/passwd')", /^pg_read_file reads files on the database server; the Query page only reads tables/],
    ["SELECT * FROM pg_ls_dir('.')", /^pg_ls_dir lists files on the database server/],
    ["select set_config('statement_timeout', '0', false)", /^set_config changes server settings/],
    ["select lo_import('/etc/passwd')", /^lo_import reads or writes large objects/],
    ["SELECT (p).pg_read_file FROM (SELECT '/etc/passwd'::text AS p) s", /^pg_read_file reads files/],
  ])("refuses %s before it reaches the server", async (sql, message) => {
    await expect(run(sql)).rejects.toMatchObject({ code: "INVALID", field: "sql", message: expect.stringMatching(message) });
  });

  it("refuses pg_terminate_backend, and the other session lives on", async () => {
    const other = new pg.Client(target.config);
    await other.connect();
    try {
      const pid = (await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      await expect(run(`select PG_CATALOG.pg_terminate_backend(${pid})`)).rejects.toThrow(/^pg_terminate_backend ends other sessions/);
      expect((await other.query("SELECT 1 AS alive")).rows).toEqual([{ alive: 1 }]);
    } finally {
      await other.end().catch(() => {});
    }
  });

  it("cuts a result of large values at the byte limit and says so", async () => {
    const result = await run("SELECT repeat('x', 100000) AS big FROM generate_series(1, 1000)");
    expect(result.truncated).toBe("bytes");
    expect(result.byteCount).toBeLessThanOrEqual(queryLimits.maxBytes);
    expect(result.rowCount).toBe(Math.floor(queryLimits.maxBytes / 100_000));
    expect(result.byteCount).toBe(result.rowCount * 100_000);
    expect(result.rows.every((row) => row[0]!.length === 100_000)).toBe(true);
  });

  it("runs SHOW and EXPLAIN in the READ ONLY transaction with its statement timeout", async () => {
    expect((await run("SHOW statement_timeout")).rows).toEqual([[`${queryLimits.statementTimeoutSeconds}s`]]);
    expect((await run("SHOW transaction_read_only")).rows).toEqual([["on"]]);
    const plan = await run("EXPLAIN SELECT * FROM public.bank WHERE id = 1");
    expect(plan.rows[0]![0]).toMatch(/Index Scan using bank_pkey/);
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
