import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataSource } from "@/lib/data/data-sources";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { db } from "@/lib/db";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { generateCreateTableDdl } from "@/lib/sync-engine/connectors/hologres/create-table-ddl";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { createTargetTable } from "./target-catalog";

const suffix = randomUUID().slice(0, 8);
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let workspaceId = "";

beforeAll(async () => {
  target = await createTestDatabase(`ddl_${suffix}`);
  workspaceId = (await ensureWorkspace({ name: `ddl_${suffix}`, displayName: "DDL", mode: "basic", memberIds: [] })).id;
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({ type: "holo", connectionMode: "connection_string", name: "holo_ddl", environments: ["production"], ...target.config }),
  );
});

afterAll(async () => {
  if (workspaceId) await db.workspace.delete({ where: { id: workspaceId } });
  await target?.drop();
  await db.$disconnect();
});

const create = (ddl: string) => createTargetTable({ workspaceId, datasource: "holo_ddl", ddl });

async function tableNames(): Promise<string[]> {
  const { rows } = await target.client.query<{ name: string }>("SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((row) => row.name);
}

async function victim(name: string): Promise<{ count: () => Promise<number>; comment: () => Promise<string | null> }> {
  await target.client.query(`CREATE TABLE public.${name} (id int8 PRIMARY KEY, v text); INSERT INTO public.${name} SELECT i, 'v' FROM generate_series(1, 10) i; COMMENT ON TABLE public.${name} IS 'original'`);
  return {
    count: async () => (await target.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.${name}`)).rows[0]!.n,
    comment: async () => (await target.client.query<{ c: string | null }>(`SELECT obj_description('public.${name}'::regclass, 'pg_class') AS c`)).rows[0]!.c,
  };
}

describe("running the Create Table statement", () => {
  it("refuses CREATE TABLE AS with a DELETE in its WITH, and the other table keeps its rows", async () => {
    const t = await victim("ctas_victim");
    await expect(create("CREATE TABLE public.copied AS WITH d AS (DELETE FROM public.ctas_victim RETURNING *) SELECT * FROM d")).rejects.toMatchObject({
      field: "ddl",
      message: expect.stringMatching(/CREATE TABLE \.\.\. AS runs a query/),
    });
    expect(await t.count()).toBe(10);
    expect(await tableNames()).not.toContain("public.copied");
  });

  it("refuses COMMENT ON an existing table, and leaves its comment alone", async () => {
    const t = await victim("comment_victim");
    await expect(create("CREATE TABLE public.fresh (a text);\nCOMMENT ON TABLE public.comment_victim IS 'owned';")).rejects.toThrow(
      /comments on public\.comment_victim, not on the table being created \(public\.fresh\)/,
    );
    expect(await t.comment()).toBe("original");
    expect(await tableNames()).not.toContain("public.fresh");
  });

  it("refuses a second command hidden on the same line, and creates nothing", async () => {
    await victim("drop_victim");
    await expect(create("CREATE TABLE public.created (a text); DROP TABLE public.drop_victim")).rejects.toThrow(/remove "DROP TABLE public\.drop_victim"/);
    expect(await tableNames()).toContain("public.drop_victim");
    expect(await tableNames()).not.toContain("public.created");
  });

  it("creates the wizard's partitioned table whose comments hold -- and ;, keeping the comments as written", async () => {
    const ddl = generateCreateTableDdl(
      {
        columns: [
          { name: "id", type: "BIGINT", comment: "order id -- primary; see 'orders'" },
          { name: "weird;--name", type: "STRING", comment: "名称;\n-- not a comment" },
        ],
        partitionColumns: [{ name: "ds", type: "STRING", comment: "day; yyyymmdd" }],
      },
      { tableName: "public.orders_ddl", partitionColumn: "ds", primaryKey: ["id", "ds"], flavour: "postgres" },
    );
    await create(ddl);
    const { rows } = await target.client.query<{ name: string; comment: string; notnull: boolean }>(
      `SELECT attname AS name, col_description(attrelid, attnum) AS comment, attnotnull AS notnull
         FROM pg_attribute WHERE attrelid = 'public.orders_ddl'::regclass AND attnum > 0 ORDER BY attnum`,
    );
    expect(rows).toEqual([
      { name: "id", comment: "order id -- primary; see 'orders'", notnull: true },
      { name: "weird;--name", comment: "名称;\n-- not a comment", notnull: false },
      { name: "ds", comment: "day; yyyymmdd", notnull: true },
    ]);
    const partitioned = await target.client.query("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'public.orders_ddl'::regclass");
    expect(partitioned.rows).toEqual([{ partstrat: "l" }]);
  });

  it("creates an unqualified table in public, whatever the connection's search_path", async () => {
    await target.client.query(`CREATE SCHEMA elsewhere; ALTER DATABASE ${target.config.database} SET search_path = elsewhere, public`);
    try {
      await create("CREATE TABLE plain_name (a text);\nCOMMENT ON TABLE plain_name IS 'here';");
      expect(await tableNames()).toContain("public.plain_name");
    } finally {
      await target.client.query(`ALTER DATABASE ${target.config.database} RESET search_path`);
    }
  });
});
