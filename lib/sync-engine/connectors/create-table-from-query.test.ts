import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../runner";
import { createMysqlTestDatabase } from "../testing/mysql-test-database";
import { createTestDatabase } from "../testing/postgres-test-database";
import { generateCreateTableDdlFromNeutral } from "./hologres";
import { connectorFor, type DataSourceConfig } from "./registry";

/**
 * Create Table from a querySql: the reader's catalog describes the query's result columns
 * (read-only, no rows), the proposed DDL runs on PostgreSQL, and a run of the same querySql
 * fills the new table.
 */

let mariadb: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
let warehouse: Awaited<ReturnType<typeof createTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

beforeAll(async () => {
  mariadb = await createMysqlTestDatabase("create_from_query");
  warehouse = await createTestDatabase("create_from_query_src");
  target = await createTestDatabase("create_from_query_tgt");
  dataSources = { shop: { type: "mysql", config: mariadb.config }, warehouse: { type: "postgresql", config: warehouse.config }, holo_demo: { type: "holo", config: target.config } };
  await mariadb.admin.query("CREATE TABLE orders (id BIGINT UNSIGNED PRIMARY KEY, amount DECIMAL(12,2), note VARCHAR(40), at DATETIME); INSERT INTO orders VALUES (1, 1.50, 'one', '2026-11-30 10:00:00'), (2, 2.25, 'two', NULL)");
  await mariadb.admin.query("CREATE TABLE audit (n INT)");
  await mariadb.admin.query("CREATE FUNCTION bump() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO audit VALUES (1); RETURN 1; END");
  await warehouse.client.query("CREATE TABLE events (id int8 PRIMARY KEY, label text, amount numeric(38,10), at timestamptz); INSERT INTO events VALUES (1, 'a', 1.5, '2026-11-30 10:00:00+00'), (2, 'b', NULL, NULL)");
});

afterAll(async () => {
  await mariadb?.drop();
  await warehouse?.drop();
  await target?.drop();
});

async function targetColumns(table: string) {
  const { rows } = await target.client.query<{ name: string; type: string }>(
    "SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 ORDER BY attnum",
    [table],
  );
  return rows;
}

async function runQueryInto({ reader, datasource, querySql, table }: { reader: string; datasource: string; querySql: string; table: string }) {
  return runJob(
    {
      type: "job",
      version: "2.0",
      steps: [
        { stepType: reader, category: "reader", name: "Reader", parameter: { datasource, querySql } },
        { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table, column: ["*"] } },
      ],
      setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 } },
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    },
    { dataSources },
  );
}

describe("Create Table from a MySQL querySql", () => {
  const mysql = () => connectorFor("mysql")!;

  it("proposes the query's result columns with the MySQL to Hologres types, and a run of the querySql fills the table", async () => {
    const querySql = "SELECT o.id, o.amount * 2 AS doubled, upper(o.note) AS note, o.at FROM orders o WHERE o.id > 0";
    const columns = await mysql().catalog!.describeQuery!(mysql().parseConfig(mariadb.config), { querySql });
    expect(columns.map((c) => c.name)).toEqual(["id", "doubled", "note", "at"]);
    const ddl = generateCreateTableDdlFromNeutral(columns, { tableName: "public.order_totals", flavour: "postgres", sourceLabel: "MySQL" });
    await target.client.query(ddl);
    expect(await targetColumns("public.order_totals")).toEqual([
      { name: "id", type: "numeric(20,0)" },
      { name: "doubled", type: "numeric(13,2)" },
      { name: "note", type: "text" },
      { name: "at", type: "timestamp without time zone" },
    ]);
    const report = await runQueryInto({ reader: "mysql", datasource: "shop", querySql, table: "public.order_totals" });
    expect(report.error).toBeNull();
    const { rows } = await target.client.query("SELECT id::text, doubled::text, note, at::text FROM order_totals ORDER BY id");
    expect(rows).toEqual([
      { id: "1", doubled: "3.00", note: "ONE", at: "2026-11-30 10:00:00" },
      { id: "2", doubled: "4.50", note: "TWO", at: null },
    ]);
  });

  it("describes without running the query's writes: a function that writes leaves no row", async () => {
    await mysql().catalog!.describeQuery!(mysql().parseConfig(mariadb.config), { querySql: "SELECT bump() AS b" }).catch(() => {});
    const [rows] = await mariadb.admin.query("SELECT count(*) AS n FROM audit");
    expect((rows as Array<{ n: number }>)[0]!.n).toBe(0);
  });

  it("names the querySql when the server cannot describe it", async () => {
    await expect(mysql().catalog!.describeQuery!(mysql().parseConfig(mariadb.config), { querySql: "SELECT nope FROM orders" })).rejects.toThrow(
      /^querySql: MySQL cannot describe its result: Unknown column 'nope'/,
    );
  });
});

describe("Create Table from a PostgreSQL querySql", () => {
  const postgresql = () => connectorFor("postgresql")!;

  it("proposes the query's result columns from the row description, and a run of the querySql fills the table", async () => {
    const querySql = "SELECT id, label || '!' AS label, amount * 2 AS doubled, at FROM events";
    const columns = await postgresql().catalog!.describeQuery!(postgresql().parseConfig(warehouse.config), { querySql });
    expect(columns.map((c) => c.name)).toEqual(["id", "label", "doubled", "at"]);
    const ddl = generateCreateTableDdlFromNeutral(columns, { tableName: "public.event_totals", flavour: "postgres", sourceLabel: "PostgreSQL" });
    await target.client.query(ddl);
    expect(await targetColumns("public.event_totals")).toEqual([
      { name: "id", type: "bigint" },
      { name: "label", type: "text" },
      { name: "doubled", type: "numeric(38,18)" },
      { name: "at", type: "timestamp with time zone" },
    ]);
    const report = await runQueryInto({ reader: "postgresql", datasource: "warehouse", querySql, table: "public.event_totals" });
    expect(report.error).toBeNull();
    const { rows } = await target.client.query("SELECT id::text, label, doubled::text, at::text FROM event_totals ORDER BY id");
    expect(rows).toEqual([
      { id: "1", label: "a!", doubled: "3.000000000000000000", at: "2026-11-30 10:00:00+00" },
      { id: "2", label: "b!", doubled: null, at: null },
    ]);
  });

  it("refuses a querySql that writes, naming the querySql, and writes nothing", async () => {
    await expect(
      postgresql().catalog!.describeQuery!(postgresql().parseConfig(warehouse.config), { querySql: "WITH w AS (INSERT INTO events VALUES (3, 'c', 1, NULL) RETURNING id) SELECT * FROM w" }),
    ).rejects.toThrow(/^querySql: the server cannot describe its result: WITH clause containing a data-modifying statement/);
    const { rows } = await warehouse.client.query("SELECT count(*)::int AS n FROM events");
    expect(rows[0]).toEqual({ n: 2 });
  });
});

describe("Create Table from a PostgreSQL querySql, bad input", () => {
  it("names the querySql when a column does not exist", async () => {
    const postgresql = connectorFor("postgresql")!;
    await expect(postgresql.catalog!.describeQuery!(postgresql.parseConfig(warehouse.config), { querySql: "SELECT nope FROM events" })).rejects.toThrow(
      /^querySql: the server cannot describe its result: column "nope" does not exist/,
    );
  });
});
