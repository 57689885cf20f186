import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakePostgresServer, type FakePostgresServer } from "../../testing/fake-postgres-server";
import { HOLOGRES, POSTGRES_15, recordStatements, recordingContext, sourceColumnsFor, tableInfo } from "../../testing/hologres-writer-fixtures";
import { createTestDatabase } from "../../testing/postgres-test-database";
import type { RowValue } from "../connector-types";
import { describeTable, type HologresTableInfo } from "./catalog";
import { ChannelConnection } from "./channel-connection";
import { CopyTextEncoder, splitCopyLines } from "./copy-text-encoder";
import { connectHologres, type HologresConfig } from "./hologres-config";
import { arrayLiteral, arrayLiteralsFromCopyLines, InsertBatchWriter, insertForm, unnestInsertSql, valuesInsertSql } from "./insert-batch-writer";
import { planHologresWrite, type WritePlan } from "./write-plan";

/** SQL mode's statements, exactly as each server flavour receives them, and what they store. */

function planFor(options: { info: HologresTableInfo; columns: string[]; server: WritePlan["server"]; conflictMode?: "replace" | "ignore" | "update"; batchSize?: number; partition?: { column: string; value: string } }) {
  const { info, columns, server } = options;
  return planHologresWrite({
    server,
    info,
    target: { schema: info.schema, table: options.partition ? `${info.table}_${options.partition.value}` : info.table },
    partition: options.partition ?? null,
    mapped: columns.map((name) => info.columns.find((c) => c.name === name)!),
    parameter: { writeMode: "sql", conflictMode: options.conflictMode ?? "ignore", batchSize: options.batchSize },
    sourceColumns: sourceColumnsFor(info, columns),
  });
}

async function channel(config: HologresConfig, plan: WritePlan) {
  const context = recordingContext();
  let batches = 0;
  const connect = () => connectHologres(config);
  const conn = new ChannelConnection(await connect(), plan, context, config, { dataSource: "holo_demo", connect, nextBatchNumber: () => ++batches });
  const statements = recordStatements(conn.client);
  await conn.open();
  return { conn, context, statements, writer: new InsertBatchWriter(conn) };
}

describe("array parameters", () => {
  it("numbers bare; texts bare unless empty, the word NULL, or holding braces, quotes, commas, backslashes or spaces; NULL bare", () => {
    const rows: RowValue[][] = [["plain"], [""], ["NULL"], ["null"], [null], ['a "b" \\c'], ["{x,y}"], [" spaced "], [Buffer.from([0, 255])], [12n], [-0], [Number.NaN], [true]];
    const literal = arrayLiteral(rows, (row) => row[0]!);
    expect(literal.text).toBe('{plain,"","NULL","null",NULL,"a \\"b\\" \\\\c","{x,y}"," spaced ","\\\\x00ff",12,-0,NaN,true}');
    // What the rows count for: each value's text bytes plus one, a NULL 3.
    const texts = ["plain", "", "NULL", "null", null, 'a "b" \\c', "{x,y}", " spaced ", "\\x00ff", "12", "-0", "NaN", "true"];
    expect(literal.bytes).toBe(texts.reduce((sum, t) => sum + (t === null ? 2 : Buffer.byteLength(t)) + 1, 0));
    expect(arrayLiteral([["ü"], ["日本"]], (row) => row[0]!).bytes).toBe(2 + 1 + 6 + 1);
  });
});

describe("array parameters from COPY text lines", () => {
  it("are the literals the rows' values give, byte for byte, whatever the text holds", () => {
    const texts = ["plain", "", "NULL", "null", "nULl", 'a "b"', "back\\slash", "tab\there", "new\nline\r", "{x,y}", " lead", "trail ", "\u00a0nbsp", "ü日本", "\\N", "N", "x\u000by"];
    const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const r = random(7);
    const rows: RowValue[][] = Array.from({ length: 300 }, (_, i) => [
      BigInt(i - 150),
      r() < 0.2 ? null : texts[Math.floor(r() * texts.length)]!,
      r() < 0.1 ? null : (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15),
      r() < 0.5 ? Buffer.from([Math.floor(r() * 256), 0x5c]) : null,
      texts[Math.floor(r() * texts.length)]! + texts[Math.floor(r() * texts.length)]!,
    ]);
    rows.push([-0, "", Number.NaN, Buffer.alloc(0), "NULL"]);
    const encoder = new CopyTextEncoder();
    for (const row of rows) encoder.appendRow(row, 5);
    const lines = splitCopyLines([encoder.takeChunk()!]);
    expect(arrayLiteralsFromCopyLines(lines, 5)).toEqual([0, 1, 2, 3, 4].map((c) => arrayLiteral(rows, (row) => row[c]!).text));
  });
});

describe("statements", () => {
  const orders = tableInfo({ table: "orders", columns: ["id int8 pk", "name varchar(5)", "tags int4[]", "amount numeric(10,2)", "note text default"] });

  it("PostgreSQL: one INSERT ... SELECT unnest per batch, element types without length or precision, an array column as text cast to its type", () => {
    const plan = planFor({ info: orders, columns: ["id", "name", "tags", "amount"], server: POSTGRES_15, conflictMode: "replace" });
    expect(insertForm(plan)).toBe("unnest");
    expect(unnestInsertSql(plan)).toBe(
      'INSERT INTO "public"."orders" ("id", "name", "tags", "amount") SELECT unnest($1::"int8"[]), unnest($2::"varchar"[]), unnest($3::"text"[])::"_int4", unnest($4::"numeric"[])' +
        ' ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "tags" = EXCLUDED."tags", "amount" = EXCLUDED."amount", "note" = DEFAULT',
    );
    const mood = { ...orders.columns[1]!, name: "mood", typeName: "mood", typeSchema: "My Schema" };
    const withEnum = { ...orders, columns: [...orders.columns, mood] };
    expect(unnestInsertSql(planFor({ info: withEnum, columns: ["id", "mood"], server: POSTGRES_15 }))).toBe(
      'INSERT INTO "public"."orders" ("id", "mood") SELECT unnest($1::"int8"[]), unnest($2::"My Schema"."mood"[]) ON CONFLICT ("id") DO NOTHING',
    );
  });

  it("Hologres: the unnest statement Holo Client sends, over every column with Replace", () => {
    const info = tableInfo({ table: "orders", columns: ["id int8 pk", "name text", "amount numeric(10,2)", "at timestamptz"] });
    const plan = planFor({ info, columns: ["id", "name"], server: HOLOGRES, conflictMode: "replace" });
    expect(insertForm(plan)).toBe("unnest");
    expect(unnestInsertSql(plan)).toBe(
      'INSERT INTO "public"."orders" ("id", "name", "amount", "at") SELECT unnest($1::"int8"[]), unnest($2::"text"[]), unnest($3::"numeric"[]), unnest($4::"timestamptz"[])' +
        ' ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "amount" = EXCLUDED."amount", "at" = EXCLUDED."at"',
    );
  });

  it("Hologres: multi-row VALUES where Holo Client does not use unnest (a type it does not send as an array, a column left to its default, a partition child)", () => {
    const arrays = tableInfo({ table: "t", columns: ["id int8 pk", "tags int4[]"] });
    expect(insertForm(planFor({ info: arrays, columns: ["id", "tags"], server: HOLOGRES }))).toBe("values");
    const uuid = tableInfo({ table: "t", columns: ["id int8 pk", "u uuid"] });
    expect(insertForm(planFor({ info: uuid, columns: ["id", "u"], server: HOLOGRES }))).toBe("values");
    const defaults = tableInfo({ table: "t", columns: ["id int8 pk", "name text", "note text default"] });
    expect(insertForm(planFor({ info: defaults, columns: ["id", "name"], server: HOLOGRES, conflictMode: "update" }))).toBe("values");
    const sales = tableInfo({ table: "sales", columns: ["id int8", "ds text"], partitionColumn: "ds" });
    const child = planFor({ info: sales, columns: ["id"], server: HOLOGRES, partition: { column: "ds", value: "20261123" } });
    expect(insertForm(child)).toBe("values");
    expect(valuesInsertSql(child, 2)).toBe('INSERT INTO "public"."sales_20261123" ("id", "ds") VALUES ($1, $2), ($3, $4)');
  });
});

describe("Hologres (a server speaking the protocol, recording what it receives)", () => {
  let server: FakePostgresServer;
  let config: HologresConfig;
  beforeAll(async () => {
    server = await startFakePostgresServer({
      respond: (statement) => (statement.params?.some((p) => p?.includes("refused")) ? { error: { code: "22P02", message: 'invalid input syntax for type bigint: "refused"' } } : undefined),
    });
    config = { host: "127.0.0.1", port: server.port, database: "holo_demo", user: "BASIC$dev", password: "not-a-secret" };
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server.statements.length = 0;
  });

  it("sends each batch as one statement of arrays, no transaction", async () => {
    const info = tableInfo({ table: "orders", columns: ["id int8 pk", "name text"] });
    const plan = planFor({ info, columns: ["id", "name"], server: HOLOGRES, conflictMode: "update", batchSize: 2 });
    const { conn, context, writer } = await channel(config, plan);
    await writer.write([[1n, 'say "hi"'], [2n, null], [3n, "c"]]);
    await writer.finishBatch();
    await conn.close();
    const text = 'INSERT INTO "public"."orders" ("id", "name") SELECT unnest($1::"int8"[]), unnest($2::"text"[]) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"';
    expect(server.statements).toEqual([
      { text, params: ["{1,2}", '{"say \\"hi\\"",NULL}'] },
      { text, params: ["{3}", "{c}"] },
    ]);
    expect(context.written).toBe(3);
  });

  it("a refused batch is split in halves down to the refused row, which is a dirty record (Hologres names no column)", async () => {
    const info = tableInfo({ table: "events", columns: ["id int8", "body text"] });
    const { conn, context, writer } = await channel(config, planFor({ info, columns: ["id", "body"], server: HOLOGRES }));
    await writer.write([[1n, "a"], [2n, "refused"], [3n, "c"], [4n, "d"]]);
    await writer.finishBatch();
    await conn.close();
    expect(server.statements.map((s) => s.params![0])).toEqual(["{1,2,3,4}", "{1,2}", "{1}", "{2}", "{3,4}"]);
    expect(context.written).toBe(3);
    expect(context.dirty).toEqual([{ column: null, reason: 'invalid input syntax for type bigint: "refused"', sqlState: "22P02", values: { id: "2", body: "refused" } }]);
  });

  it("the batch after a refused one waits until the refused one's dirty rows are found, and batches go in order", async () => {
    const info = tableInfo({ table: "events", columns: ["id int8", "body text"] });
    const { conn, context, writer } = await channel(config, planFor({ info, columns: ["id", "body"], server: HOLOGRES, batchSize: 2 }));
    await writer.write([[1n, "a"], [2n, "b"], [3n, "refused"], [4n, "d"], [5n, "e"], [6n, "f"]]);
    await writer.finishBatch();
    await conn.close();
    expect(server.statements.map((s) => s.params![0])).toEqual(["{1,2}", "{3,4}", "{3}", "{4}", "{5,6}"]);
    expect(context.written).toBe(5);
    expect(context.dirty.map((d) => d.values.id)).toEqual(["3"]);
  });
});

describe("PostgreSQL (real)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase("insert_batch_writer");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("stores every value exactly as it was sent: quotes, backslashes, braces, empty text and the text NULL, arrays, bytea, numerics and instants", async () => {
    await db.client.query(
      "CREATE TABLE kinds (id int8 PRIMARY KEY, t text, v varchar(8), c char(3), n numeric(10,2), f float8, b boolean, d date, ts timestamptz, bin bytea, ints int4[], texts text[], j jsonb)",
    );
    const info = (await describeTable(db.client, { schema: "public", table: "kinds" }))!;
    const names = info.columns.map((c) => c.name);
    const plan = planFor({ info, columns: names, server: POSTGRES_15, conflictMode: "replace" });
    const { conn, context, statements, writer } = await channel(db.config, plan);
    const rows: RowValue[][] = [
      [1n, 'a "quoted" \\ back{slash}, comma', "", "ab", "12.345", -0, true, "2026-11-23", new Date("2026-11-23T01:02:03.456Z"), Buffer.from([0, 255]), [1, null, 3], ["x y", null, "NULL", ""], '{"k": [1, "v"]}'],
      [2n, "NULL", "NULL", null, null, Number.NaN, false, "0001-01-01", null, null, [], [], null],
      [3n, null, null, "x  ", "-1", 1e-7, null, null, null, Buffer.alloc(0), null, null, "null"],
    ];
    await writer.write(rows);
    await writer.finishBatch();
    await conn.close();
    expect(statements).toEqual(["BEGIN", unnestInsertSql(plan), "COMMIT"]);
    expect(context).toMatchObject({ written: 3, dirty: [] });
    const stored = await db.client.query(
      "SELECT id::int, t, v, c, n::text, f::text, b, d::text, ts = '2026-11-23T01:02:03.456Z'::timestamptz AS ts_ok, ts IS NULL AS ts_null, encode(bin, 'hex') AS bin, ints::text, texts::text, j::text FROM kinds ORDER BY id",
    );
    expect(stored.rows).toEqual([
      { id: 1, t: 'a "quoted" \\ back{slash}, comma', v: "", c: "ab ", n: "12.35", f: "-0", b: true, d: "2026-11-23", ts_ok: true, ts_null: false, bin: "00ff", ints: "{1,NULL,3}", texts: '{"x y",NULL,"NULL",""}', j: '{"k": [1, "v"]}' },
      { id: 2, t: "NULL", v: "NULL", c: null, n: null, f: "NaN", b: false, d: "0001-01-01", ts_ok: null, ts_null: true, bin: null, ints: "{}", texts: "{}", j: null },
      { id: 3, t: null, v: null, c: "x  ", n: "-1.00", f: "1e-07", b: null, d: null, ts_ok: null, ts_null: true, bin: "", ints: null, texts: null, j: "null" },
    ]);
  });

  it("refuses what an INSERT ... VALUES refused: an over-long text is a dirty record naming its column, not cut; the other rows are written", async () => {
    await db.client.query("CREATE TABLE short (id int8, v varchar(3), n numeric(3,1))");
    const info = (await describeTable(db.client, { schema: "public", table: "short" }))!;
    const { conn, context, writer } = await channel(db.config, planFor({ info, columns: ["id", "v", "n"], server: POSTGRES_15 }));
    await writer.write([[1n, "abc", "1.5"], [2n, "abcd", "1"], [3n, "ab ", "99.99"], [4n, "abc  ", "1"]]);
    await writer.finishBatch();
    await conn.commit();
    await conn.close();
    expect(context.dirty.map((d) => [d.values.id, d.column, d.sqlState, d.reason])).toEqual([
      ["2", "v", "22001", "value too long for type character varying(3)"],
      ["3", "n", "22003", "numeric field overflow"],
    ]);
    expect((await db.client.query("SELECT id::int, v, n::text FROM short ORDER BY id")).rows).toEqual([
      { id: 1, v: "abc", n: "1.5" },
      { id: 4, v: "abc", n: "1.0" },
    ]);
  });

  it("in the run's transaction: a savepoint per batch, a refused batch rolled back alone, its dirty row named, all committed at the end", async () => {
    await db.client.query("CREATE TABLE held (id int8, v varchar(3))");
    const info = (await describeTable(db.client, { schema: "public", table: "held" }))!;
    const plan = planFor({ info, columns: ["id", "v"], server: POSTGRES_15, batchSize: 2 });
    expect(plan.transactionMode).toBe("held");
    const { conn, context, statements, writer } = await channel(db.config, plan);
    await writer.write([[1n, "a"], [2n, "b"], [3n, "cccc"], [4n, "d"], [5n, "e"], [6n, "f"]]);
    await writer.finishBatch();
    const insert = unnestInsertSql(plan);
    const batch = ["SAVEPOINT synclane_batch", insert];
    const done = "RELEASE SAVEPOINT synclane_batch";
    const undo = "ROLLBACK TO SAVEPOINT synclane_batch; RELEASE SAVEPOINT synclane_batch";
    const probe = ["SAVEPOINT synclane_probe", 'COPY "public"."held" ("id", "v") FROM STDIN', "ROLLBACK TO SAVEPOINT synclane_probe; RELEASE SAVEPOINT synclane_probe"];
    // Batch 2 is refused: its halves {3} (refused, replayed through COPY to name its column) and {4}, then batch 3.
    expect(statements).toEqual(["BEGIN", ...batch, done, ...batch, undo, ...batch, undo, ...probe, ...batch, done, ...batch, done]);
    expect(context).toMatchObject({ written: 0, uncommitted: 5 });
    expect((await db.client.query("SELECT count(*)::int AS n FROM held")).rows[0].n).toBe(0);
    await conn.commit();
    await conn.close();
    expect(context.dirty.map((d) => [d.values.id, d.column])).toEqual([["3", "v"]]);
    expect((await db.client.query("SELECT id::int, v FROM held ORDER BY id")).rows.map((r) => r.id)).toEqual([1, 2, 4, 5, 6]);
  });

  it("COPY text lines go the same way: stored as the values they encode, a refused line a dirty record naming its column", async () => {
    await db.client.query("CREATE TABLE lines (id int8, v varchar(4), t text)");
    const info = (await describeTable(db.client, { schema: "public", table: "lines" }))!;
    const plan = planFor({ info, columns: ["id", "v", "t"], server: POSTGRES_15 });
    const { conn, context, writer } = await channel(db.config, plan);
    const rows: RowValue[][] = [[1n, "ok", 'tab\there "q" \\'], [2n, "too long", "x"], [3n, null, "NULL"], [4n, "", null]];
    const encoder = new CopyTextEncoder();
    for (const row of rows) encoder.appendRow(row, 3);
    let released = false;
    await writer.writeCopyText({ rowCount: rows.length, bytes: encoder.takeChunk()!, release: () => (released = true) });
    expect(released).toBe(true);
    await writer.finishBatch();
    await conn.commit();
    await conn.close();
    expect(context.dirty.map((d) => [d.values, d.column, d.sqlState])).toEqual([[{ id: "2", v: "too long", t: "x" }, "v", "22001"]]);
    expect((await db.client.query("SELECT id::int, v, t FROM lines ORDER BY id")).rows).toEqual([
      { id: 1, v: "ok", t: 'tab\there "q" \\' },
      { id: 3, v: null, t: "NULL" },
      { id: 4, v: "", t: null },
    ]);
  });
});
