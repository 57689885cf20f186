import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../runner";
import { createMysqlTestDatabase } from "../testing/mysql-test-database";
import { createTestDatabase } from "../testing/postgres-test-database";
import { generateCreateTableDdlFromNeutral } from "./hologres";
import { connectorFor, type DataSourceConfig } from "./registry";

/**
 * Create Table from a real MariaDB table: its catalog's description (information_schema),
 * the proposed DDL run on PostgreSQL, the columns read back with the README's types, and a
 * run into the new table verified by checksum.
 */

let source: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

// column, MySQL type, the type the target reports (format_type), a value
const COLUMNS: Array<[string, string, string, string]> = [
  ["ti", "TINYINT", "smallint", "-128"],
  ["siu", "SMALLINT UNSIGNED", "integer", "65535"],
  ["iu", "INT UNSIGNED", "bigint", "4294967295"],
  ["bu", "BIGINT UNSIGNED", "numeric(20,0)", "18446744073709551615"],
  ["d", "DECIMAL(65,30)", "numeric(65,30)", "-99999999999999999999999999999999999.999999999999999999999999999999"],
  ["dm", "DECIMAL(12,2)", "numeric(12,2)", "1234567890.12"],
  ["f", "FLOAT", "real", "1.5"],
  ["db", "DOUBLE", "double precision", "5e-324"],
  ["b1", "BIT(1)", "boolean", "b'1'"],
  ["b8", "BIT(8)", "bigint", "b'10000000'"],
  ["b64", "BIT(64)", "numeric(20,0)", "b'1111111111111111111111111111111111111111111111111111111111111111'"],
  ["dt", "DATE", "date", "'9999-12-31'"],
  ["dtm", "DATETIME(6)", "timestamp without time zone", "'2026-03-29 02:30:00.5'"],
  ["ts", "TIMESTAMP(6) NULL", "timestamp with time zone", "'2038-01-19 03:14:07.999999'"],
  ["tm", "TIME", "text", "'-838:59:59'"],
  ["c", "CHAR(10)", "character(10)", "'中文'"],
  ["vc", "VARCHAR(40)", "character varying(40)", "'utf8mb4: 😀 𝄞'"],
  ["tx", "LONGTEXT", "text", "'tab\\there'"],
  ["bl", "BLOB", "bytea", "X'DEADBEEF'"],
  ["js", "JSON", "jsonb", `'{"a": [1, 2.5]}'`],
  ["en", "ENUM('small','large')", "text", "'large'"],
];

beforeAll(async () => {
  source = await createMysqlTestDatabase("create_table");
  target = await createTestDatabase("mysql_create_table");
  dataSources = { shop: { type: "mysql", config: source.config }, holo_demo: { type: "holo", config: target.config } };
  await source.admin.query(`CREATE TABLE orders (id BIGINT UNSIGNED PRIMARY KEY, ${COLUMNS.map(([name, type]) => `\`${name}\` ${type}`).join(", ")}) CHARACTER SET utf8mb4`);
  await source.admin.query(`INSERT INTO orders VALUES (1, ${COLUMNS.map(([, , , value]) => value).join(", ")}), (2, ${COLUMNS.map(() => "NULL").join(", ")})`);
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

describe("Create Table from a MariaDB table", () => {
  it("proposes the README's types and the primary key; the run into it is verified by checksum", async () => {
    const mysql = connectorFor("mysql")!;
    const described = await mysql.catalog!.describeTable(mysql.parseConfig(source.config), { table: "orders" });
    expect(described.primaryKey).toEqual(["id"]);
    const ddl = generateCreateTableDdlFromNeutral(described.columns, { tableName: "orders", primaryKey: described.primaryKey, flavour: "postgres", sourceLabel: "MySQL" });
    await target.client.query(ddl);
    const { rows } = await target.client.query<{ name: string; type: string }>(
      "SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'public.orders'::regclass AND attnum > 0 ORDER BY attnum",
    );
    expect(rows).toEqual([{ name: "id", type: "numeric(20,0)" }, ...COLUMNS.map(([name, , type]) => ({ name, type }))]);

    const columns = ["id", ...COLUMNS.map(([name]) => name)];
    const report = await runJob(
      {
        type: "job",
        version: "2.0",
        steps: [
          { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "shop", table: "orders", column: columns } },
          { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "orders", column: columns } },
        ],
        setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 1 }, verify: "checksum" },
        order: { hops: [{ from: "Reader", to: "Writer" }] },
      },
      { dataSources },
    );
    expect(report.error).toBeNull();
    expect(report.recordsWritten).toBe(2);
    expect(report.verification).toMatchObject({ ok: true, targetRows: 2 });
    const written = await target.client.query("SELECT bu::text, d::text, b64::text, dtm::text, tm, c FROM orders WHERE id = 1");
    expect(written.rows[0]).toEqual({
      bu: "18446744073709551615",
      d: "-99999999999999999999999999999999999.999999999999999999999999999999",
      b64: "18446744073709551615",
      dtm: "2026-03-29 02:30:00.5",
      tm: "-838:59:59",
      c: "中文        ",
    });
  });
});
