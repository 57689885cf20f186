import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreateTableDdl } from "@/lib/sync-engine/connectors/hologres/create-table-ddl";
import { isSyncError } from "@/lib/sync-engine/sync-error";
import { quoteIdentifier } from "@/lib/sync-engine/sql-identifier";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { checkCreateTableDdl, unqualifiedNameSchema } from "./create-table-guard";

/**
 * The Create Table DDL the wizard generates, checked by the guard and run the way the
 * dialog runs it (one statement at a time, extended protocol, one transaction), creates
 * exactly the columns and comments of the source table, whatever their names and texts.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase("create_table");
});
afterAll(async () => {
  await db?.drop();
});

async function runLikeTheDialog(ddl: string): Promise<void> {
  const plan = await checkCreateTableDdl(ddl);
  await db.client.query(`BEGIN; SET LOCAL search_path TO ${quoteIdentifier(unqualifiedNameSchema)}; SET LOCAL standard_conforming_strings TO on`);
  try {
    for (const statement of plan.statements) {
      const oneStatement: { text: string; values: unknown[] } = { text: statement, values: [], ...{ queryMode: "extended" } };
      await db.client.query(oneStatement);
    }
    await db.client.query("COMMIT");
  } catch (error) {
    await db.client.query("ROLLBACK");
    throw error;
  }
}

async function columnsOf(schema: string, table: string): Promise<Array<{ name: string; type: string; comment: string | null }>> {
  const { rows } = await db.client.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [schema, table],
  );
  return rows;
}

describe("generated Create Table DDL on PostgreSQL", () => {
  it("creates exactly the columns and comments, with -- and quotes inside names and comment strings", async () => {
    const schema = {
      columns: [
        { name: "id", type: "bigint", comment: "'drop table x;--'" },
        { name: 'we"ird--name', type: "string", comment: '-- not a comment; "quoted" /* nor this */' },
        { name: "has space", type: "double", comment: "it's; -- fine\nsecond line" },
        { name: "é".repeat(31) + "a", type: "int", comment: null },
      ],
      partitionColumns: [{ name: "ds", type: "string", comment: "day--key" }],
    };
    await runLikeTheDialog(generateCreateTableDdl(schema, { tableName: 'public."we""ird--t"', partitionColumn: "ds", primaryKey: ["id", "ds"], flavour: "postgres" }));
    expect(await columnsOf("public", 'we"ird--t')).toEqual([
      { name: "id", type: "bigint", comment: "'drop table x;--'" },
      { name: 'we"ird--name', type: "text", comment: '-- not a comment; "quoted" /* nor this */' },
      { name: "has space", type: "double precision", comment: "it's; -- fine\nsecond line" },
      { name: "é".repeat(31) + "a", type: "bigint", comment: null },
      { name: "ds", type: "text", comment: "day--key" },
    ]);
    const hologres = await checkCreateTableDdl(generateCreateTableDdl(schema, { tableName: 'public."we""ird--t"', partitionColumn: "ds", flavour: "hologres" }));
    expect(hologres.table).toEqual({ schema: "public", table: 'we"ird--t' });
    expect(hologres.statements).toContain(`CALL set_table_property('"public"."we""ird--t"', 'orientation', 'column')`);
  });

  it("refuses names longer than 63 bytes, which PostgreSQL would cut silently, naming each and its length", () => {
    const longColumn = "c".repeat(40) + "é".repeat(12);
    const refusal = (() => {
      try {
        generateCreateTableDdl({ columns: [{ name: "id", type: "bigint" }, { name: longColumn, type: "string" }] }, { tableName: "t", flavour: "postgres" });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(isSyncError(refusal) && refusal.code).toBe("IDENTIFIER_TOO_LONG");
    expect((refusal as Error).message).toContain(`"${longColumn}" is 64 bytes long`);
    expect(() => generateCreateTableDdl({ columns: [{ name: "id", type: "bigint" }] }, { tableName: "t".repeat(64), flavour: "postgres" })).toThrow(
      `The table name "${"t".repeat(64)}" is 64 bytes long`,
    );
  });

  it("refuses a name longer than 63 bytes typed into the dialog's DDL, which the parser would cut without a word", async () => {
    const refusal = (ddl: string) => checkCreateTableDdl(ddl).then(() => "accepted", (error: Error) => error.message);
    const long = "é".repeat(32);
    expect(await refusal(`CREATE TABLE t (id int8, "${long}" text)`)).toMatch(`The column name "${long}" is 64 bytes long`);
    expect(await refusal(`CREATE TABLE t (id int8, ${"c".repeat(64)} text)`)).toMatch(`The column name "${"c".repeat(64)}" is 64 bytes long`);
    expect(await refusal(`CREATE TABLE public . ${"T".repeat(70)} (id int8)`)).toMatch(`The table name "${"T".repeat(70)}" is 70 bytes long`);
    expect(await refusal(`CREATE TABLE "${"s".repeat(64)}".t (id int8)`)).toMatch(`The schema name "${"s".repeat(64)}" is 64 bytes long`);
    expect(await refusal(`CREATE TABLE "${"é".repeat(31)}a" ("x""${"y".repeat(60)}" int8)`)).toBe("accepted");
  });
});
