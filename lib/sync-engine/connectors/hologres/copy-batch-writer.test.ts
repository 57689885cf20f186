import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakePostgresServer, type FakePostgresServer } from "../../testing/fake-postgres-server";
import { HOLOGRES, POSTGRES_15, recordStatements, recordingContext, sourceColumnsFor, tableInfo } from "../../testing/hologres-writer-fixtures";
import { createTestDatabase } from "../../testing/postgres-test-database";
import type { HologresTableInfo } from "./catalog";
import { ChannelConnection } from "./channel-connection";
import { CopyBatchWriter } from "./copy-batch-writer";
import { connectHologres, type HologresConfig } from "./hologres-config";
import { planHologresWrite } from "./write-plan";

/** Fast mode's statements, exactly as each server flavour receives them. */

function planFor(options: { info: HologresTableInfo; columns: string[]; server: typeof HOLOGRES; conflictMode?: "replace" | "ignore" | "update"; batchSize?: number }) {
  const { info, columns, server } = options;
  return planHologresWrite({
    server,
    info,
    target: { schema: info.schema, table: info.table },
    partition: null,
    mapped: columns.map((name) => info.columns.find((c) => c.name === name)!),
    parameter: { writeMode: "sdk", conflictMode: options.conflictMode ?? "ignore", batchSize: options.batchSize },
    sourceColumns: sourceColumnsFor(info, columns),
  });
}

async function channel(config: HologresConfig, plan: ReturnType<typeof planFor>) {
  const context = recordingContext();
  let batches = 0;
  const connect = () => connectHologres(config);
  const conn = new ChannelConnection(await connect(), plan, context, config, { dataSource: "holo_demo", connect, nextBatchNumber: () => ++batches });
  const statements = recordStatements(conn.client);
  await conn.open();
  return { conn, context, statements, writer: new CopyBatchWriter(conn) };
}

describe("Hologres (a server speaking the protocol, recording what it receives)", () => {
  let server: FakePostgresServer;
  let config: HologresConfig;
  beforeAll(async () => {
    server = await startFakePostgresServer();
    config = { host: "127.0.0.1", port: server.port, database: "holo_demo", user: "BASIC$dev", password: "not-a-secret" };
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server.statements.length = 0;
  });

  it("a primary key with Replace: COPY ... WITH (STREAM_MODE TRUE, ON_CONFLICT UPDATE), unmapped columns sent as NULL, no transaction", async () => {
    const info = tableInfo({ table: "orders", columns: ["id int8 pk", "name text", "note text"] });
    const { conn, context, writer } = await channel(config, planFor({ info, columns: ["id", "name"], server: HOLOGRES, conflictMode: "replace" }));
    await writer.write([
      [1n, "a\tb"],
      [2n, null],
    ]);
    await writer.finishBatch();
    await conn.close();
    expect(server.statements).toEqual([{ text: 'COPY "public"."orders" ("id", "name", "note") FROM STDIN WITH (STREAM_MODE TRUE, ON_CONFLICT UPDATE)', copyData: "1\ta\\tb\t\\N\n2\t\\N\t\\N\n" }]);
    expect(context.written).toBe(2);
  });

  it("Ignore and Update: ON_CONFLICT IGNORE and ON_CONFLICT UPDATE of the mapped columns only; batches of batchSize rows", async () => {
    const info = tableInfo({ table: "orders", columns: ["id int8 pk", "name text", "note text"] });
    for (const [conflictMode, option] of [
      ["ignore", "IGNORE"],
      ["update", "UPDATE"],
    ] as const) {
      server.statements.length = 0;
      const { conn, writer } = await channel(config, planFor({ info, columns: ["id", "name"], server: HOLOGRES, conflictMode, batchSize: 2 }));
      await writer.write([[1n, "a"], [2n, "b"], [3n, "c"]]);
      await writer.finishBatch();
      await conn.close();
      const copy = `COPY "public"."orders" ("id", "name") FROM STDIN WITH (STREAM_MODE TRUE, ON_CONFLICT ${option})`;
      expect(server.statements).toEqual([
        { text: copy, copyData: "1\ta\n2\tb\n" },
        { text: copy, copyData: "3\tc\n" },
      ]);
    }
  });

  it("no primary key: plain COPY", async () => {
    const info = tableInfo({ table: "events", columns: ["id int8", "body text"] });
    const { conn, writer } = await channel(config, planFor({ info, columns: ["id", "body"], server: HOLOGRES }));
    await writer.write([[7n, "x"]]);
    await writer.finishBatch();
    await conn.close();
    expect(server.statements).toEqual([{ text: 'COPY "public"."events" ("id", "body") FROM STDIN', copyData: "7\tx\n" }]);
  });
});

describe("PostgreSQL (real)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase("copy_batch_writer");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("no primary key: one transaction for the run, each batch under a savepoint, plain COPY into the table", async () => {
    await db.client.query("CREATE TABLE events (id int8, body text)");
    const info = tableInfo({ table: "events", columns: ["id int8", "body text"] });
    const { conn, context, statements, writer } = await channel(db.config, planFor({ info, columns: ["id", "body"], server: POSTGRES_15, batchSize: 2 }));
    await writer.write([[1n, "a"], [2n, "b"], [3n, "c"]]);
    await writer.finishBatch();
    expect((await db.client.query("SELECT count(*)::int AS n FROM events")).rows[0].n).toBe(0);
    await conn.commit();
    await conn.close();
    const copy = 'COPY "public"."events" ("id", "body") FROM STDIN';
    expect(statements).toEqual(["BEGIN", "SAVEPOINT synclane_batch", copy, "RELEASE SAVEPOINT synclane_batch", "SAVEPOINT synclane_batch", copy, "RELEASE SAVEPOINT synclane_batch", "COMMIT"]);
    expect(context).toMatchObject({ uncommitted: 3, committed: 3, written: 0 });
    expect((await db.client.query("SELECT id::int, body FROM events ORDER BY id")).rows).toEqual([
      { id: 1, body: "a" },
      { id: 2, body: "b" },
      { id: 3, body: "c" },
    ]);
  });
});
