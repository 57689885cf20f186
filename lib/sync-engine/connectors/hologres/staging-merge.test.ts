import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_15, recordStatements, recordingContext, sourceColumnsFor, tableInfo } from "../../testing/hologres-writer-fixtures";
import { createTestDatabase } from "../../testing/postgres-test-database";
import { ChannelConnection } from "./channel-connection";
import { CopyBatchWriter } from "./copy-batch-writer";
import { connectHologres } from "./hologres-config";
import { copySql, createStagingTableSql, mergeSql, StagingRoute } from "./staging-merge";
import { planHologresWrite } from "./write-plan";

const orders = tableInfo({ table: "orders", columns: ["id int8 pk", "name text", "note text default"] });

function planFor(conflictMode: "replace" | "ignore" | "update", batchSize?: number) {
  return planHologresWrite({
    server: POSTGRES_15,
    info: orders,
    target: { schema: "public", table: "orders" },
    partition: null,
    mapped: [orders.columns[0]!, orders.columns[1]!],
    parameter: { writeMode: "sdk", conflictMode, batchSize },
    sourceColumns: sourceColumnsFor(orders, ["id", "name"]),
  });
}

describe("staging statements", () => {
  it("a temporary staging table emptied by every COMMIT, COPY into it, one merge with the conflict clause", () => {
    const plan = planFor("replace");
    expect(createStagingTableSql(plan)).toBe('CREATE TEMP TABLE "synclane_staging" ON COMMIT DELETE ROWS AS SELECT "id", "name" FROM "public"."orders" WITH NO DATA');
    expect(copySql(plan, "staging")).toBe('COPY "synclane_staging" ("id", "name") FROM STDIN');
    expect(copySql(plan, "target")).toBe('COPY "public"."orders" ("id", "name") FROM STDIN');
    expect(mergeSql(plan)).toBe('INSERT INTO "public"."orders" ("id", "name") SELECT "id", "name" FROM "synclane_staging" ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "note" = DEFAULT');
    expect(mergeSql(planFor("ignore"))).toBe('INSERT INTO "public"."orders" ("id", "name") SELECT "id", "name" FROM "synclane_staging" ON CONFLICT ("id") DO NOTHING');
  });

  it("batches go straight into the table until one is refused, then through staging for good", () => {
    const route = new StagingRoute({ useStaging: true });
    expect([route.into, route.trying]).toEqual(["target", true]);
    route.useStaging();
    expect([route.into, route.trying]).toEqual(["staging", false]);
    expect(new StagingRoute({ useStaging: false }).into).toBe("target");
    expect(new StagingRoute({ useStaging: false }).trying).toBe(false);
  });
});

describe("conflicts on real PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase("staging_merge");
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function channel(conflictMode: "replace" | "ignore" | "update", batchSize: number) {
    const context = recordingContext();
    let batches = 0;
    const connect = () => connectHologres(db.config);
    const conn = new ChannelConnection(await connect(), planFor(conflictMode, batchSize), context, db.config, { dataSource: "holo_demo", connect, nextBatchNumber: () => ++batches });
    const statements = recordStatements(conn.client);
    await conn.open();
    return { conn, context, statements, writer: new CopyBatchWriter(conn) };
  }

  it.each([
    ["replace", [{ id: 1, name: "new", note: "fresh" }, { id: 2, name: "b", note: "fresh" }, { id: 3, name: "c", note: "fresh" }]],
    ["update", [{ id: 1, name: "new", note: "kept" }, { id: 2, name: "b", note: "fresh" }, { id: 3, name: "c", note: "fresh" }]],
    ["ignore", [{ id: 1, name: "old", note: "kept" }, { id: 2, name: "b", note: "fresh" }, { id: 3, name: "c", note: "fresh" }]],
  ] as const)("%s: a batch of new keys goes straight in; one that meets a key already there is rolled back and merged, and so is every later batch", async (mode, expected) => {
    await db.client.query("DROP TABLE IF EXISTS orders; CREATE TABLE orders (id int8 PRIMARY KEY, name text, note text DEFAULT 'fresh')");
    const { conn, context, statements, writer } = await channel(mode, 1);
    await writer.write([[2n, "b"]]);
    await db.client.query("INSERT INTO orders VALUES (1, 'old', 'kept')");
    await writer.write([[1n, "new"]]);
    await writer.write([[3n, "c"]]);
    await writer.finishBatch();
    await conn.close();
    const straight = 'COPY "public"."orders" ("id", "name") FROM STDIN';
    const staging = 'COPY "synclane_staging" ("id", "name") FROM STDIN';
    const merge = mergeSql(planFor(mode));
    expect(statements).toEqual([createStagingTableSql(planFor(mode)), "BEGIN", straight, "COMMIT", "BEGIN", straight, "ROLLBACK", "BEGIN", staging, merge, "COMMIT", "BEGIN", staging, merge, "COMMIT"]);
    expect(context.logs).toEqual(["Writer: batch #2 was refused straight into the table (SQLSTATE 23505); this channel merges through its staging table from now on."]);
    expect(context).toMatchObject({ written: 3, dirty: [] });
    expect((await db.client.query("SELECT id::int, name, note FROM orders ORDER BY id")).rows).toEqual(expected);
  });

  it("a key twice in one batch: Replace keeps the last, found by splitting the batch, with no dirty row", async () => {
    await db.client.query("DROP TABLE IF EXISTS orders; CREATE TABLE orders (id int8 PRIMARY KEY, name text, note text DEFAULT 'fresh')");
    const { conn, context, writer } = await channel("replace", 10);
    await writer.write([[1n, "first"], [2n, "b"], [1n, "last"]]);
    await writer.finishBatch();
    await conn.close();
    expect(context).toMatchObject({ written: 3, dirty: [] });
    expect((await db.client.query("SELECT id::int, name FROM orders ORDER BY id")).rows).toEqual([
      { id: 1, name: "last" },
      { id: 2, name: "b" },
    ]);
  });

  it("a refused value is a dirty record named by column, in straight and in staged batches alike", async () => {
    await db.client.query("DROP TABLE IF EXISTS orders; CREATE TABLE orders (id int8 PRIMARY KEY, name varchar(3), note text DEFAULT 'fresh')");
    const { conn, context, writer } = await channel("replace", 3);
    await writer.write([[1n, "ok"], [2n, "too long"], [3n, "ok"]]);
    await writer.write([[1n, "yes"], [4n, "way too long"], [5n, "ok"]]);
    await writer.finishBatch();
    await conn.close();
    expect(context.written).toBe(4);
    expect(context.dirty.map((d) => [d.column, d.sqlState, d.values])).toEqual([
      ["name", "22001", { id: "2", name: "too long" }],
      ["name", "22001", { id: "4", name: "way too long" }],
    ]);
    expect((await db.client.query("SELECT id::int, name FROM orders ORDER BY id")).rows).toEqual([
      { id: 1, name: "yes" },
      { id: 3, name: "ok" },
      { id: 5, name: "ok" },
    ]);
  });
});
