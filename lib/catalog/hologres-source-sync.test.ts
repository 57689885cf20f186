import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataSource } from "@/lib/data/data-sources";
import { createResourceGroup } from "@/lib/data/resource-groups";
import { getRunDetail, queueRun } from "@/lib/data/runs";
import { createSyncNode, createWorkflow, saveSyncNode } from "@/lib/data/workflows";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { db } from "@/lib/db";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { readerCatalogType, sourceTypeChoices } from "@/lib/sync-engine/connectors/connector-specs";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { emptyDraft, jobSpecFromDraft } from "@/lib/wizard/node-draft";
import { startWorker, type WorkerHandle } from "@/lib/worker/worker";
import { describeConnectorTable, listConnectorTables, previewConnector } from "./connector-catalog";
import { createTargetTable, generateTargetDdl, getTargetTable } from "./target-catalog";

/**
 * Hologres (and PostgreSQL) as a source through the console's path: the source panel's
 * catalog, Create Table from the source, the wizard's draft saved as a node, a run queued
 * and executed by a worker, and the target compared row for row with the source.
 */

const suffix = randomUUID().slice(0, 8);
const ROWS = 5_000;
let source: Awaited<ReturnType<typeof createTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let workspaceId = "";
let workflowId = "";
let groupId = "";
let worker: WorkerHandle | null = null;

const connection = (config: typeof source.config) => ({ host: config.host, port: config.port, database: config.database, user: config.user, password: config.password });

beforeAll(async () => {
  source = await createTestDatabase(`holo_src_${suffix}`);
  target = await createTestDatabase(`holo_dst_${suffix}`);
  await source.client.query(`CREATE SCHEMA sales;
    CREATE TABLE sales.events (id int8 PRIMARY KEY, label varchar(40), amount numeric(12,2), at timestamptz, local_at timestamp, day date, doc jsonb, tags text[], raw bytea, ok boolean);
    COMMENT ON COLUMN sales.events.amount IS 'order total; in yuan'`);
  await source.client.query(
    `INSERT INTO sales.events SELECT g, CASE WHEN g % 97 = 0 THEN NULL ELSE 'row ' || g || E' \\t 李雷 ''q''' END, g / 7.0, timestamptz '2026-11-01 00:00:00+00' + g * interval '7.25 seconds',
       timestamp '2026-11-01 08:00:00' + g * interval '1.5 second', date '2026-11-01' + (g % 30), jsonb_build_object('g', g, 'even', g % 2 = 0), ARRAY['a', 'b,' || g], decode(lpad(to_hex(g), 6, '0'), 'hex'), g % 3 = 0
       FROM generate_series(1, ${ROWS}) g`,
  );
  workspaceId = (await ensureWorkspace({ name: `holosrc_${suffix}`, displayName: "Hologres source", mode: "basic", memberIds: [] })).id;
  workflowId = (await createWorkflow(workspaceId, { name: "copies", description: "" })).id;
  for (const [name, config] of [
    ["holo_src", source.config],
    ["holo_dst", target.config],
  ] as const) {
    await createDataSource(workspaceId, dataSourceFormSchema.parse({ type: "holo", connectionMode: "connection_string", name, environments: ["production"], ...connection(config) }));
  }
  await createDataSource(workspaceId, dataSourceFormSchema.parse({ type: "postgresql", name: "pg_src", environments: ["production"], ...connection(source.config) }));
  const group = await createResourceGroup({ name: `holosrc_${suffix}`, slots: 2, description: "", workspaceIds: [workspaceId] });
  groupId = group.id;
  worker = await startWorker({ groupName: `holosrc_${suffix}`, timing: { heartbeatMs: 300, leaseMs: 3_000, reapEveryMs: 1_000, pollMs: 200, flushMs: 300 } });
});

afterAll(async () => {
  await worker?.stop().catch(() => {});
  if (workspaceId) await db.workspace.delete({ where: { id: workspaceId } });
  if (groupId) await db.resourceGroup.deleteMany({ where: { id: groupId } });
  await source?.drop();
  await target?.drop();
  await db.$disconnect();
});

async function waitForRun(runId: string) {
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (["succeeded", "failed", "cancelled"].includes(run.status)) return getRunDetail(workspaceId, runId);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The wizard's draft for `datasource` -> `table`, every source column mapped to its namesake. */
async function runCopy(input: { datasource: string; stepType: string; table: string; where?: string; splitPk?: string; concurrent: number; nodeName: string }) {
  const described = await describeConnectorTable(workspaceId, readerCatalogType(input.stepType), input.datasource, "sales.events");
  const draft = emptyDraft();
  draft.reader = { ...draft.reader, stepType: input.stepType, datasource: input.datasource, table: "sales.events", where: input.where ?? "", splitPk: input.splitPk ?? "" };
  draft.reader.extraFields = [];
  draft.writer = { ...draft.writer, datasource: "holo_dst", table: input.table, truncate: true };
  draft.mappings = described.columns.map((column) => ({ source: column.name, target: column.name }));
  draft.channel = { ...draft.channel, concurrent: input.concurrent, verify: "checksum" };
  const { id: nodeId } = await createSyncNode(workspaceId, { nodeType: "batch_sync", name: input.nodeName, workflowId }, "tester");
  await saveSyncNode(workspaceId, { nodeId, baseVersion: 1, jobSpec: jobSpecFromDraft(draft), arguments: "", resourceGroupId: groupId }, "tester");
  const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
  return waitForRun(runId);
}

async function digest(client: typeof source.client, table: string, where = "true") {
  const { rows } = await client.query(`SELECT count(*)::int AS n, md5(string_agg(e::text, '|' ORDER BY id)) AS h FROM ${table} e WHERE ${where}`);
  return rows[0];
}

describe("a Hologres table as a source, through the console", () => {
  it("offers Hologres and PostgreSQL as source types, both read by the PostgreSQL reader", () => {
    expect(sourceTypeChoices.map((choice) => [choice.label, choice.stepType, choice.catalogType])).toEqual(
      expect.arrayContaining([
        ["Hologres", "postgresql", "postgresql"],
        ["PostgreSQL", "postgresql", "postgresql"],
      ]),
    );
  });

  it("lists schema.table, describes columns with the primary key as the first split key, and previews with a where", async () => {
    expect(await listConnectorTables(workspaceId, "postgresql", "holo_src")).toContainEqual({ name: "sales.events", comment: "" });
    const table = await describeConnectorTable(workspaceId, "postgresql", "holo_src", "sales.events");
    expect(table.splitKeys[0]).toBe("id");
    expect(table.columns.find((c) => c.name === "amount")).toEqual({ name: "amount", type: "decimal(12,2)", nativeType: "numeric(12,2)", comment: "order total; in yuan" });
    const preview = await previewConnector({ workspaceId, type: "postgresql", datasource: "holo_src", table: "sales.events", where: "id <= 3" });
    expect(preview.rows.map((row) => row[0])).toEqual(["1", "2", "3"]);
    expect(preview.rows[0]![7]).toBe("{a,\"b,1\"}");
    // A PostgreSQL data source of the same database reads the same; a MySQL catalog refuses it.
    expect((await describeConnectorTable(workspaceId, "postgresql", "pg_src", "sales.events")).columns).toHaveLength(10);
    await expect(listConnectorTables(workspaceId, "mysql", "holo_src")).rejects.toThrow(/"holo_src" is a holo data source, not MySQL/);
  });

  it("previews only what the Query page would run: a second statement or a denied function is refused before it reaches the server", async () => {
    const preview = (input: { where?: string; querySql?: string }) => previewConnector({ workspaceId, type: "postgresql", datasource: "holo_src", table: "sales.events", ...input });
    await expect(preview({ where: "1=1); CREATE TABLE sales.pwned (a int); SELECT (1" })).rejects.toThrow(/^where: Run one statement at a time/);
    await expect(preview({ querySql: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity" })).rejects.toThrow(/^querySql: .*pg_terminate_backend/);
    await expect(preview({ querySql: "WITH d AS (DELETE FROM sales.events RETURNING *) SELECT * FROM d" })).rejects.toThrow(/^querySql: .*DELETE/);
    expect((await preview({ querySql: "SELECT id, label FROM sales.events ORDER BY id LIMIT 2;" })).rows).toHaveLength(2);
    const { rows } = await source.client.query("SELECT to_regclass('sales.pwned') AS t, (SELECT count(*)::int FROM sales.events) AS n");
    expect(rows[0]).toEqual({ t: null, n: ROWS });
  });

  it("creates the target from the source with Create Table, runs the node on a worker, and the target holds every row exactly", async () => {
    const ddl = await generateTargetDdl({ workspaceId, sourceDatasource: "holo_src", sourceTable: "sales.events", targetDatasource: "holo_dst", tableName: "events_copy" });
    expect(ddl).toContain(' "id" int8 NOT NULL,');
    expect(ddl).toContain(' "local_at" timestamp,');
    expect(ddl).toContain(' "tags" text[],');
    expect(ddl).toContain(' PRIMARY KEY ("id")');
    await createTargetTable({ workspaceId, datasource: "holo_dst", ddl });
    expect((await getTargetTable(workspaceId, "holo_dst", "public.events_copy"))?.primaryKey).toEqual(["id"]);

    const run = await runCopy({ datasource: "holo_src", stepType: "postgresql", table: "public.events_copy", splitPk: "id", concurrent: 3, nodeName: "events_copy" });
    expect(run.errorMessage).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.recordsWritten).toBe(ROWS);
    expect(run.verification).toMatchObject({ ok: true, sourceRows: ROWS, targetRows: ROWS });
    expect(await digest(target.client, "public.events_copy")).toEqual(await digest(source.client, "sales.events"));
  });

  it("proposes Create Table from a querySql's result columns, its parameters resolved, through the Query page's guard", async () => {
    const ddl = await generateTargetDdl({
      workspaceId,
      sourceDatasource: "holo_src",
      sourceTable: "",
      sourceQuerySql: "SELECT day, count(*) AS orders, sum(amount) AS total FROM sales.events WHERE day <= '${cutoff}' GROUP BY day",
      nodeArguments: "cutoff=2026-11-10",
      targetDatasource: "holo_dst",
      tableName: "public.daily_totals",
    });
    expect(ddl).toContain(' "day" date,');
    expect(ddl).toContain(' "orders" int8,');
    expect(ddl).not.toContain("PRIMARY KEY");
    await createTargetTable({ workspaceId, datasource: "holo_dst", ddl });
    expect((await getTargetTable(workspaceId, "holo_dst", "public.daily_totals"))?.columns.map((c) => c.name)).toEqual(["day", "orders", "total"]);

    const generate = (sourceQuerySql: string) => generateTargetDdl({ workspaceId, sourceDatasource: "holo_src", sourceTable: "", sourceQuerySql, targetDatasource: "holo_dst", tableName: "t" });
    await expect(generate("SELECT 1; DROP TABLE sales.events")).rejects.toThrow(/^querySql: Run one statement at a time/);
    await expect(generate("SELECT id FROM sales.events WHERE day = '${cutoff}'")).rejects.toThrow("Set a value for ${cutoff} (Properties > Arguments) to create a table from the querySql.");
  });

  it("runs a where on a PostgreSQL data source into the same table: only the matching rows", async () => {
    const run = await runCopy({ datasource: "pg_src", stepType: "postgresql", table: "public.events_copy", where: "day = date '2026-11-10'", concurrent: 1, nodeName: "events_day" });
    expect(run.errorMessage).toBeNull();
    // g % 30 = 9 for g in 1..5000: 9, 39, ..., 4989.
    expect(run.recordsWritten).toBe(167);
    expect(await digest(target.client, "public.events_copy")).toEqual(await digest(source.client, "sales.events", "day = date '2026-11-10'"));
  });
});
