import { describe, expect, it } from "vitest";
import { ConsoleError } from "@/lib/console-error";
import { generateCreateTableDdl } from "@/lib/sync-engine/connectors/hologres/create-table-ddl";
import { checkCreateTableDdl } from "./create-table-guard";

// Comments and names the old line-based splitter cut in the wrong place.
const awkwardSchema = {
  columns: [
    { name: "id", type: "BIGINT", comment: "order id -- primary; see 'orders'" },
    { name: "weird;--name", type: "STRING", comment: "名称;\n-- not a comment" },
    { name: "price", type: "DECIMAL(10,2)", comment: null },
  ],
  partitionColumns: [{ name: "ds", type: "STRING", comment: "day; yyyymmdd" }],
};

describe("the Create Table dialog's DDL check", () => {
  it.each(["hologres", "postgres"] as const)("accepts the generated %s DDL of a partitioned table with a primary key and awkward comments", async (flavour) => {
    const ddl = generateCreateTableDdl(awkwardSchema, { tableName: "public.holo_test", partitionColumn: "ds", primaryKey: ["id", "ds"], flavour });
    const plan = await checkCreateTableDdl(ddl);
    expect(plan.table).toEqual({ schema: "public", table: "holo_test" });
    expect(plan.statements[0]).toMatch(/^CREATE TABLE "public"."holo_test" \(.*PARTITION BY LIST \("ds"\)$/s);
    expect(plan.statements.filter((statement) => statement.startsWith("COMMENT ON COLUMN"))).toEqual([
      `COMMENT ON COLUMN "public"."holo_test"."id" IS 'order id -- primary; see ''orders'''`,
      `COMMENT ON COLUMN "public"."holo_test"."weird;--name" IS '名称;\n-- not a comment'`,
      `COMMENT ON COLUMN "public"."holo_test"."ds" IS 'day; yyyymmdd'`,
    ]);
    expect(plan.statements).toHaveLength(flavour === "hologres" ? 5 : 4);
    expect(plan.statements.some((statement) => /^(BEGIN|COMMIT)/.test(statement))).toBe(false);
  });

  it.each([
    ["a name in the literal as the generator writes it", `CALL set_table_property('"public"."t"', 'orientation', 'column')`],
    ["a dotted name in the literal", "CALL set_table_property('public.t', 'distribution_key', 'a')"],
    ["an unqualified name in the literal", "CALL SET_TABLE_PROPERTY('T', 'binlog.level', 'replica')"],
    ["a comment on the table, unqualified", "COMMENT ON TABLE t IS 'orders; -- daily'"],
    ["a comment on a column", "COMMENT ON COLUMN public.t.a IS $$it's$$"],
  ])("accepts %s", async (_name, statement) => {
    const plan = await checkCreateTableDdl(`BEGIN;\nCREATE UNLOGGED TABLE public.t (a int8 NOT NULL DEFAULT 0, b timestamptz DEFAULT now(), c text CHECK (length(c) < 10), PRIMARY KEY (a));\n${statement};\nEND;`);
    expect(plan.statements).toEqual([expect.stringMatching(/^CREATE UNLOGGED TABLE/), statement]);
  });

  it.each([
    // The attacks of the security report.
    ["CREATE TABLE AS with a DELETE in a CTE", "CREATE TABLE x AS WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", /CREATE TABLE \.\.\. AS runs a query/],
    ["CREATE TABLE AS calling pg_terminate_backend", "CREATE TABLE x AS SELECT pg_terminate_backend(pid) FROM pg_stat_activity", /CREATE TABLE \.\.\. AS runs a query/],
    ["CREATE TABLE AS calling pg_read_file", "CREATE TABLE x AS SELECT pg_read_file('/etc/passwd')", /CREATE TABLE \.\.\. AS runs a query/],
    ["CREATE TABLE AS calling lo_import", "create table x as select lo_import('/etc/passwd')", /CREATE TABLE \.\.\. AS runs a query/],
    ["SELECT INTO", "CREATE TABLE x (a int); SELECT * INTO y FROM t", /remove "SELECT \* INTO y FROM t"/],
    ["COMMENT ON an existing table", "CREATE TABLE public.x (a int); COMMENT ON TABLE public.victim IS 'owned'", /comments on public\.victim, not on the table being created \(public\.x\)/],
    ["COMMENT ON a column of an existing table", "CREATE TABLE x (a int); COMMENT ON COLUMN victim.a IS 'owned'", /comments on public\.victim/],
    ["COMMENT ON another kind of object", "CREATE TABLE x (a int); COMMENT ON SCHEMA public IS 'owned'", /COMMENT ON may name only the new table or its columns/],
    ["a property of an existing table", "CREATE TABLE x (a int); CALL set_table_property('victim', 'time_to_live_in_seconds', '1')", /sets a property of public\.victim, not of the table being created \(public\.x\)/],
    ["a property of a same-named table in another schema", `CREATE TABLE x (a int); CALL set_table_property('"other"."x"', 'orientation', 'row')`, /sets a property of other\.x/],
    ["an unknown property", "CREATE TABLE x (a int); CALL set_table_property('x', 'owner', 'me')", /"owner" is not a table property Create Table sets\. Known properties: orientation/],
    ["a property value that is not a literal", "CREATE TABLE x (a int); CALL set_table_property('x', 'orientation', current_user)", /takes three string literals/],
    ["another procedure", "CREATE TABLE x (a int); CALL hg_insert_overwrite('t', 'select 1')", /CALL may run only set_table_property/],
    ["a qualified set_table_property", "CREATE TABLE x (a int); CALL evil.set_table_property('x', 'orientation', 'row')", /CALL may run only set_table_property/],
    // What else could reach existing objects.
    ["a DROP after the table", "CREATE TABLE t (a text);\nDROP TABLE important;", /remove "DROP TABLE important"/],
    ["a write and no table", "DELETE FROM t;", /must create a table/],
    ["two tables", "CREATE TABLE a (x int); CREATE TABLE b (x int)", /Create one table at a time/],
    ["a property set before the table exists", "CALL set_table_property('x', 'orientation', 'row'); CREATE TABLE x (a int)", /Put CREATE TABLE first/],
    ["IF NOT EXISTS", "CREATE TABLE IF NOT EXISTS x (a int); CALL set_table_property('x', 'time_to_live_in_seconds', '1')", /Remove IF NOT EXISTS/],
    ["LIKE", "CREATE TABLE x (LIKE victim INCLUDING ALL)", /LIKE copies another table/],
    ["LIKE beside columns", "CREATE TABLE x (a int, LIKE victim)", /LIKE copies another table/],
    ["INHERITS", "CREATE TABLE x (a int) INHERITS (victim)", /INHERITS ties the new table/],
    ["PARTITION OF", "CREATE TABLE x PARTITION OF victim FOR VALUES IN ('a')", /PARTITION OF attaches/],
    ["OF a type", "CREATE TABLE x OF some_type", /takes its columns from a type/],
    ["no columns", "CREATE TABLE x ()", /List the new table's columns/],
    ["TEMPORARY", "CREATE TEMP TABLE x (a int)", /Remove TEMPORARY/],
    ["a pg_ name", "CREATE TABLE pg_class (a int)", /"pg_" are PostgreSQL's own/],
    ["a database-qualified name", "CREATE TABLE db.public.x (a int)", /without a database name/],
    ["a foreign key", "CREATE TABLE x (a int REFERENCES victim (a))", /REFERENCES \(a foreign key\)/],
    ["a DEFAULT that reads files", "CREATE TABLE x (a text DEFAULT pg_read_file('/etc/passwd'))", /may call only now, .*; pg_read_file is not one of them/],
    ["a DEFAULT taking another table's sequence", "CREATE TABLE x (a int8 DEFAULT nextval('victim_id_seq'))", /nextval is not one of them .*Use serial/],
    ["a CHECK calling a user function", "CREATE TABLE x (a int CHECK (public.is_ok(a)))", /public\.is_ok is not one of them/],
    ["a GENERATED column calling a denied function", "CREATE TABLE x (a text, b text GENERATED ALWAYS AS (pg_ls_dir(a)) STORED)", /pg_ls_dir is not one of them/],
    ["a function written as a field in a CHECK", "CREATE TABLE x (a text CHECK ((a).pg_read_file IS NOT NULL))", /"\.pg_read_file": write columns .* by their own name/],
    ["a partition key expression calling a function", "CREATE TABLE x (a text) PARTITION BY LIST (set_config('a', a, false))", /set_config is not one of them/],
    ["a subquery in a CHECK", "CREATE TABLE x (a int CHECK (a IN (SELECT 1)))", /cannot run a subquery/],
    ["ROLLBACK", "CREATE TABLE x (a int); ROLLBACK", /remove "ROLLBACK"/],
    ["a syntax error", "CREATE TABLE x (a int,)", /The SQL does not parse: syntax error at or near "\)" \(line 1, column 23\)/],
  ])("refuses %s", async (_name, ddl, message) => {
    const refusal = await checkCreateTableDdl(ddl).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ConsoleError);
    expect(refusal).toMatchObject({ code: "INVALID", field: "ddl" });
    expect((refusal as Error).message).toMatch(message);
  });
});
