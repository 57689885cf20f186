import { describe, expect, it } from "vitest";
import { ConsoleError } from "@/lib/console-error";
import { checkReadOnlyQuery } from "./read-only-query-guard";

describe("the Query page's statement check", () => {
  it.each([
    ["a plain query", "SELECT 1", "cursor"],
    ["a query after a comment, with its semicolon", "-- how many\nSELECT count(*) FROM public.bank;", "cursor"],
    ["nested CTEs", "/* c */ WITH a AS (SELECT 1), b AS (WITH c AS (SELECT 2) SELECT * FROM c) SELECT * FROM a, b", "cursor"],
    ["VALUES", "VALUES (1), (2)", "cursor"],
    ["TABLE", "TABLE public.bank", "cursor"],
    ["SHOW", "SHOW statement_timeout", "direct"],
    ["EXPLAIN of a query", "EXPLAIN SELECT * FROM t", "direct"],
    ["EXPLAIN ANALYZE of a query", "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM t", "direct"],
    ["a denied name inside dollar quotes", "SELECT $q$pg_read_file('/etc/passwd')$q$ AS text", "cursor"],
    ["a denied name, a ; and -- inside a string", "SELECT 'pg_terminate_backend(1); -- x' AS s, '中文;' AS t", "cursor"],
    ["a column that happens to share a denied function's name", 'SELECT "pg_read_file" FROM t', "cursor"],
    ["read-only functions, qualified or not", "SELECT now(), pg_catalog.current_setting('work_mem'), upper(x) FROM t, generate_series(1, 3)", "cursor"],
  ])("accepts %s", async (_name, sql, run) => {
    expect((await checkReadOnlyQuery(sql)).run).toBe(run);
  });

  it("returns the statement's own text, without comments after it or its semicolon", async () => {
    expect((await checkReadOnlyQuery("SELECT 'a;b' AS x ;  ")).text).toBe("SELECT 'a;b' AS x");
  });

  it.each([
    // Statements that are not reads.
    ["DELETE", "/* x */ DELETE FROM t", /^Only read-only statements run here \(SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN\)\. "DELETE" can change data or the schema/],
    ["INSERT", "insert into t values (1)", /"INSERT" can change data/],
    ["CREATE TABLE AS", "CREATE TABLE x AS SELECT 1", /"CREATE TABLE AS" can change data/],
    ["SET", "SET statement_timeout = 0", /"SET" can change/],
    ["DO", "DO $$ BEGIN PERFORM 1; END $$", /"DO" can change/],
    ["CALL", "CALL p()", /"CALL" can change/],
    ["COPY", "COPY t TO '/tmp/x'", /"COPY" can change/],
    ["EXECUTE", "EXECUTE p", /"EXECUTE" can change/],
    ["PREPARE", "PREPARE p AS DELETE FROM t", /"PREPARE" can change/],
    ["LOCK", "LOCK TABLE t", /"LOCK" can change/],
    ["LISTEN", "LISTEN x", /"LISTEN" can change/],
    ["NOTIFY", "NOTIFY x", /"NOTIFY" can change/],
    ["BEGIN", "BEGIN", /"BEGIN\/COMMIT" can change/],
    // Writes hidden in reads.
    ["a data-modifying CTE", "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", /contains DELETE \(a data-modifying WITH\)/],
    ["a data-modifying CTE in a subquery", "SELECT * FROM (WITH d AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM d) s", /contains UPDATE/],
    ["EXPLAIN ANALYZE of a write", "EXPLAIN ANALYZE DELETE FROM t", /EXPLAIN ANALYZE runs the statement it explains, and DELETE can change data/],
    ["EXPLAIN ANALYZE of a data-modifying CTE", "EXPLAIN (ANALYZE) WITH d AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT * FROM d", /contains INSERT/],
    ["EXPLAIN of a write", "EXPLAIN DELETE FROM t", /Only EXPLAIN of a query runs here; DELETE/],
    ["FOR UPDATE", "SELECT * FROM t FOR UPDATE", /FOR UPDATE and FOR SHARE lock rows/],
    ["FOR SHARE in a subquery", "SELECT * FROM (SELECT * FROM t FOR SHARE) s", /FOR UPDATE and FOR SHARE/],
    ["SELECT INTO", "SELECT * INTO new_t FROM t", /SELECT \.\.\. INTO creates a table/],
    // Denied functions, wherever they are.
    ["pg_read_file", "SELECT pg_read_file('/etc/passwd')", /^pg_read_file reads files on the database server; the Query page only reads tables/],
    ["pg_ls_dir in FROM", "SELECT * FROM pg_ls_dir('.')", /^pg_ls_dir lists files on the database server/],
    ["pg_terminate_backend qualified in capitals", "select PG_CATALOG.pg_terminate_backend(1)", /^pg_terminate_backend ends other sessions/],
    ["set_config", "select set_config('x','y',false)", /^set_config changes server settings/],
    ["lo_import", "select lo_import('/etc/passwd')", /^lo_import reads or writes large objects/],
    ["a quoted upper-case name", `SELECT "PG_READ_FILE"('/x')`, /^pg_read_file reads files/],
    ["pg_sleep in an aggregate filter", "SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM t", /^pg_sleep holds the connection/],
    ["a function in ROWS FROM", "SELECT * FROM ROWS FROM (generate_series(1, 2), pg_ls_waldir())", /^pg_ls_waldir lists files/],
    ["a function in a scalar subquery", "SELECT (SELECT pg_cancel_backend(pid) FROM pg_stat_activity LIMIT 1)", /^pg_cancel_backend cancels/],
    ["a function inside a cast", "SELECT cast(pg_read_binary_file('/etc/passwd') AS text)", /^pg_read_binary_file reads files/],
    ["a function in a nested CTE", "WITH a AS (SELECT 1), b AS (WITH c AS (SELECT dblink_exec('x', 'y')) SELECT * FROM c) SELECT * FROM b", /^dblink_exec opens another database connection/],
    ["a function in a window clause", "SELECT sum(1) OVER (ORDER BY pg_stat_file('x')) FROM t", /^pg_stat_file reads file details/],
    ["a function in an EXPLAINed query", "EXPLAIN ANALYZE SELECT pg_reload_conf()", /^pg_reload_conf reloads/],
    ["attribute notation (x).f", "SELECT (p).pg_read_file FROM (SELECT '/etc/passwd'::text AS p) s", /^pg_read_file reads files .*written as a field, "\.pg_read_file"/],
    ["attribute notation t.x.f", "SELECT s.p.pg_ls_dir FROM s", /^pg_ls_dir lists files/],
    ["a function that runs SQL text", "SELECT query_to_xml('select pg_read_file(''/etc/passwd'')', true, true, '')", /^query_to_xml runs SQL text that cannot be checked/],
    ["nextval", "SELECT nextval('s')", /^nextval changes a sequence/],
    ["an advisory lock", "SELECT pg_advisory_lock(1)", /^pg_advisory_lock takes locks/],
    ["a Hologres administrative procedure", "SELECT hologres.hg_move_table_to_table_group('t', 'tg')", /^hg_move_table_to_table_group administers Hologres/],
    // Text that is not one statement.
    ["two statements", "SELECT 1; SELECT 2", /Run one statement at a time: the text holds 2 statements/],
    ["a write after a read", "SELECT 1; DROP TABLE t", /Run one statement at a time/],
    ["only a comment", "-- nothing here", /Write a SELECT statement to run/],
    ["a syntax error", "SELECT * FROM", /The SQL does not parse: syntax error at end of input \(line 1, column 14\)/],
    ["a syntax error on line 2", "SELECT 1\nFROM t WHERE selec x", /syntax error at or near "x" \(line 2, column 20\)/],
  ])("refuses %s", async (_name, sql, message) => {
    const refusal = await checkReadOnlyQuery(sql).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ConsoleError);
    expect(refusal).toMatchObject({ code: "INVALID", field: "sql" });
    expect((refusal as Error).message).toMatch(message);
  });
});
