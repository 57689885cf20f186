import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../testing/postgres-test-database";
import { describeHologresTable, listHologresTables, parseListBound } from "./catalog";
import { testHologresConnection } from "./connection-test";

let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase("catalog");
  await db.client.query(`CREATE TABLE plain (id int8 PRIMARY KEY, name text NOT NULL, tags text[])`);
  await db.client.query(`CREATE TABLE holo_test (shop_name text, total_price int4, sale_date text) PARTITION BY LIST (sale_date)`);
  await db.client.query(`CREATE TABLE holo_test_20261123 PARTITION OF holo_test FOR VALUES IN ('20261123')`);
});
afterAll(async () => {
  await db?.drop();
});

describe("Hologres catalog helpers", () => {
  it("lists tables with partitioned parents and their children", async () => {
    const tables = await listHologresTables(db.config);
    expect(tables).toEqual([
      { schema: "public", table: "holo_test", kind: "partitioned", parent: null, partitionValues: null },
      { schema: "public", table: "holo_test_20261123", kind: "partition", parent: "public.holo_test", partitionValues: ["20261123"] },
      { schema: "public", table: "plain", kind: "table", parent: null, partitionValues: null },
    ]);
  });

  it("describes columns, primary key and partition column", async () => {
    const plain = await describeHologresTable(db.config, "plain");
    expect(plain.primaryKey).toEqual(["id"]);
    expect(plain.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ["id", "bigint", true],
      ["name", "text", true],
      ["tags", "text[]", false],
    ]);
    const parent = await describeHologresTable(db.config, "public.holo_test");
    expect(parent.kind).toBe("partitioned");
    expect(parent.partitionColumn).toBe("sale_date");
    expect(parent.children).toEqual([{ schema: "public", table: "holo_test_20261123", values: ["20261123"] }]);
    await expect(describeHologresTable(db.config, "missing")).rejects.toMatchObject({ code: "TARGET_TABLE_NOT_FOUND" });
  });

  it("parses LIST partition bounds", () => {
    expect(parseListBound("FOR VALUES IN ('a', 'b''c')")).toEqual(["a", "b'c"]);
    expect(parseListBound("FOR VALUES IN (10, 20)")).toEqual(["10", "20"]);
  });
});

describe("testHologresConnection", () => {
  it("reports the server and its version", async () => {
    const result = await testHologresConnection(db.config);
    expect(result).toMatchObject({ ok: true, flavour: "postgres" });
    if (result.ok) expect(result.serverVersion).toMatch(/^PostgreSQL \d+/);
  });

  it("names a refused login (unknown user or wrong password) without leaking the password", async () => {
    const result = await testHologresConnection({ ...db.config, user: "synclane_no_such_user", password: "s3cret-value" });
    expect(result).toMatchObject({ ok: false, code: "TARGET_AUTH_FAILED" });
    if (!result.ok) expect(result.message).not.toContain("s3cret-value");
  });

  it("names an unknown database", async () => {
    const result = await testHologresConnection({ ...db.config, database: "synclane_test_engine_no_such_db" });
    expect(result).toMatchObject({ ok: false, code: "TARGET_DATABASE_NOT_FOUND" });
  });

  it("names an unreachable host without leaking the password", async () => {
    const result = await testHologresConnection({ ...db.config, port: 1, password: "s3cret-value" });
    expect(result).toMatchObject({ ok: false, code: "TARGET_UNREACHABLE" });
    if (!result.ok) expect(result.message).not.toContain("s3cret-value");
  });

  it("reports a timeout when the server never answers", async () => {
    const net = await import("node:net");
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const port = (silent.address() as { port: number }).port;
    const result = await testHologresConnection({ ...db.config, port }, { timeoutMs: 500 });
    silent.close();
    expect(result).toMatchObject({ ok: false, code: "TARGET_TIMEOUT" });
  });
});
