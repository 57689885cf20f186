import { describe, expect, it } from "vitest";
import { checkCreateTableDdl } from "./target-catalog";

describe("the Create Table dialog's statement check", () => {
  it("accepts the generated Hologres DDL: a transaction with CREATE TABLE and table properties", () => {
    const ddl = `BEGIN;\nCREATE TABLE "public"."holo_test" ("shop_name" text);\nCALL set_table_property('public.holo_test', 'orientation', 'column');\nCOMMIT;`;
    expect(checkCreateTableDdl(ddl)).toHaveLength(4);
  });

  it("refuses statements other than CREATE TABLE, COMMENT ON and set_table_property, naming them", () => {
    expect(() => checkCreateTableDdl("CREATE TABLE t (a text);\nDROP TABLE important;")).toThrow(/remove "DROP TABLE important"/);
    expect(() => checkCreateTableDdl("DELETE FROM t;")).toThrow(/must create a table/);
  });
});

describe("running the Create Table statement", () => {
  it("refuses a second command hidden on the same line, and creates nothing", async () => {
    const { randomUUID } = await import("node:crypto");
    const pg = (await import("pg")).default;
    const { db } = await import("@/lib/db");
    const { ensureWorkspace } = await import("@/lib/data/workspaces");
    const { createDataSource } = await import("@/lib/data/data-sources");
    const { dataSourceFormSchema } = await import("@/lib/schemas/data-source");
    const { createTargetTable } = await import("./target-catalog");
    const suffix = randomUUID().slice(0, 8);
    const url = new URL(process.env.DATABASE_URL!);
    const workspace = await ensureWorkspace({ name: `ddl_${suffix}`, displayName: "DDL", mode: "basic", memberIds: [] });
    await createDataSource(
      workspace.id,
      dataSourceFormSchema.parse({
        type: "holo",
        connectionMode: "connection_string",
        name: "holo_ddl",
        environments: ["production"],
        host: url.hostname,
        port: Number(url.port || 5432),
        database: url.pathname.slice(1),
        user: decodeURIComponent(url.username || "postgres"),
        password: "",
      }),
    );
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`CREATE TABLE public.victim_${suffix} (a text)`);
    try {
      await expect(
        createTargetTable({
          workspaceId: workspace.id,
          datasource: "holo_ddl",
          ddl: `CREATE TABLE public.created_${suffix} (a text); DROP TABLE public.victim_${suffix}`,
        }),
      ).rejects.toThrow(/Hologres refused the statement: cannot insert multiple commands/);
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename = ANY($1)", [[`victim_${suffix}`, `created_${suffix}`]]);
      expect(tables.rows.map((row) => row.tablename)).toEqual([`victim_${suffix}`]);
    } finally {
      await client.query(`DROP TABLE IF EXISTS public.victim_${suffix}`);
      await client.end();
      await db.workspace.delete({ where: { id: workspace.id } });
    }
  });
});
