import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../runner";
import { createTestDatabase } from "../../testing/postgres-test-database";
import type { DataSourceConfig } from "../registry";

/** The PostgreSQL reader against the real server: one database as the source, another as the Hologres target. */
let source: Awaited<ReturnType<typeof createTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

beforeAll(async () => {
  source = await createTestDatabase("pg_source");
  target = await createTestDatabase("pg_target");
  dataSources = { warehouse: { type: "postgresql", config: source.config }, holo_source: { type: "holo", config: source.config }, holo_demo: { type: "holo", config: target.config } };
  await source.client.query(`CREATE TABLE events (id int8 PRIMARY KEY, k int4, label text, amount numeric(38,10), at timestamptz, raw bytea, doc jsonb, tags text[])`);
  await source.client.query(`INSERT INTO events SELECT g, CASE WHEN g % 50 = 0 THEN NULL ELSE g * 7 - 3000 END, 'row ' || g || E'\\t\\n\\\\ 😀', g / 3.0, timestamptz '2026-11-29 00:00:00+00' + g * interval '1 minute', decode(lpad(to_hex(g), 8, '0'), 'hex'), jsonb_build_object('g', g), ARRAY['a', 'b,' || g] FROM generate_series(1, 3000) g`);
  await target.client.query(`CREATE TABLE events (id int8 PRIMARY KEY, k int4, label text, amount numeric(38,10), at timestamptz, raw bytea, doc jsonb, tags text[])`);
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

const job = (reader: Record<string, unknown>, writerColumns = ["id", "k", "label", "amount", "at", "raw", "doc", "tags"], datasource = "warehouse") => ({
  type: "job",
  version: "2.0",
  steps: [
    { stepType: "postgresql", category: "reader", name: "Reader", parameter: { datasource, ...reader } },
    { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "events", column: writerColumns, truncate: true } },
  ],
  setting: { speed: { throttle: false, concurrent: 3 }, verify: "checksum" },
  order: { hops: [{ from: "Reader", to: "Writer" }] },
});

async function expectSameRows(where = "true") {
  const [a, b] = await Promise.all([
    source.client.query(`SELECT md5(string_agg(e::text, '|' ORDER BY id)) AS h, count(*)::int AS n FROM events e WHERE ${where}`),
    target.client.query(`SELECT md5(string_agg(e::text, '|' ORDER BY id)) AS h, count(*)::int AS n FROM events e`),
  ]);
  expect(b.rows[0]).toEqual(a.rows[0]);
}

describe("PostgreSQL reader", () => {
  it("reads a table split by a key with NULLs through COPY, every value equal, the COPY text handed to the writer as it is", async () => {
    const logs: string[] = [];
    const report = await runJob(job({ table: "events", column: ["*"], splitPk: "k" }, ["*"]), { dataSources, onLog: (line) => logs.push(line.message) });
    expect(report.error).toBeNull();
    expect(report.recordsWritten).toBe(3000);
    expect(logs.join("\n")).toContain("Reader hands the writer rows as COPY text");
    await expectSameRows();
  });

  it("reads a Hologres data source with where and a constant column (rows decoded from COPY)", async () => {
    const report = await runJob(job({ table: "public.events", column: ["id", "k", "'fixed'", "amount", "at", "raw", "doc", "tags"], where: "id > ${cut}" }, undefined, "holo_source"), { dataSources, parameters: { cut: "2500" } });
    expect(report.error).toBeNull();
    expect(report.recordsWritten).toBe(500);
    const { rows } = await target.client.query("SELECT count(*)::int AS n, min(id)::int AS first FROM events WHERE label = 'fixed'");
    expect(rows[0]).toEqual({ n: 500, first: 2501 });
  });

  it("reads a querySql; a querySql that does not parse and a splitPk on text are named before anything is written", async () => {
    const report = await runJob(job({ querySql: "SELECT * FROM events WHERE id <= 10" }, ["*"]), { dataSources });
    expect(report.error).toBeNull();
    expect(report.recordsWritten).toBe(10);

    const bad = await runJob(job({ querySql: "SELEC 1" }, ["*"]), { dataSources });
    expect(bad.error?.code).toBe("SOURCE_QUERY_INVALID");
    expect(bad.error?.message).toMatch(/^querySql: the server cannot run it: syntax error/);
    const splitOnText = await runJob(job({ table: "events", column: ["*"], splitPk: "label" }, ["*"]), { dataSources });
    expect(splitOnText.error?.code).toBe("SOURCE_SPLIT_PK_INVALID");
    expect(splitOnText.error?.message).toMatch(/^splitPk: column "label" is text; splitPk must name an integer column .*\(integer columns: id, k\)/);
    const { rows } = await target.client.query("SELECT count(*)::int AS n FROM events");
    expect(rows[0].n).toBe(10);
  });

  it("runs a where or a querySql as one statement: a second one hidden in it is refused, not run", async () => {
    const hiddenInWhere = await runJob(job({ table: "events", column: ["*"], where: "1=1); CREATE TABLE pwned_where (a int); SELECT (1" }, ["*"]), { dataSources });
    expect(hiddenInWhere.error?.code).toBe("SOURCE_QUERY_INVALID");
    expect(hiddenInWhere.error?.message).toMatch(/^where: the server refused the condition .*multiple commands/);
    const hiddenInQuery = await runJob(job({ querySql: "SELECT 1) AS a; CREATE TABLE pwned_query (a int); SELECT * FROM (SELECT 1" }, ["*"]), { dataSources });
    expect(hiddenInQuery.error?.code).toBe("SOURCE_QUERY_INVALID");
    const { rows } = await source.client.query("SELECT to_regclass('pwned_where') AS w, to_regclass('pwned_query') AS q");
    expect(rows[0]).toEqual({ w: null, q: null });
  });
});
