import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePostgresServer, type FakePostgresServer } from "../../testing/fake-postgres-server";
import { HOLOGRES, recordingContext, sourceColumnsFor, tableInfo } from "../../testing/hologres-writer-fixtures";
import { ChannelConnection } from "./channel-connection";
import { CopyBatchWriter } from "./copy-batch-writer";
import { blamedColumn, copyLineOf, isDataError, isRetryableConflict } from "./dirty-row-isolation";
import { connectHologres, type HologresConfig } from "./hologres-config";
import { planHologresWrite } from "./write-plan";

describe("which errors are about the rows", () => {
  it("data exceptions, integrity constraints, cardinality and datatype mismatch are; connections, permissions and missing tables are not", () => {
    for (const code of ["22P02", "22001", "23505", "23502", "21000", "42804"]) expect(isDataError({ code })).toBe(true);
    for (const code of ["57P01", "42501", "42P01", "08006", "40P01"]) expect(isDataError({ code })).toBe(false);
    expect(isDataError(new Error("Connection terminated unexpectedly"))).toBe(false);
    expect(isRetryableConflict({ code: "40P01" })).toBe(true);
    expect(isRetryableConflict({ code: "40001" })).toBe(true);
  });

  it("names the column from the error's column field, COPY's context line, or the message", () => {
    const columns = ["id", "name", "Mixed Case"];
    expect(blamedColumn({ column: "name" }, columns)).toBe("name");
    expect(blamedColumn({ where: "COPY synclane_staging, line 3, column id: \"x\"" }, columns)).toBe("id");
    expect(blamedColumn({ message: 'null value in column "Mixed Case" of relation "t" violates not-null constraint' }, columns)).toBe("Mixed Case");
    expect(blamedColumn({ message: "value too long for type character varying(5)" }, columns)).toBeNull();
  });

  it("a row as a COPY line escapes what COPY text escapes", () => {
    expect(copyLineOf(["a\tb", null, "back\\slash\nnew"]).toString()).toBe("a\\tb\t\\N\tback\\\\slash\\nnew\n");
  });
});

describe("a refused COPY batch on Hologres (a server speaking the protocol, recording what it receives)", () => {
  let server: FakePostgresServer;
  let config: HologresConfig;
  beforeAll(async () => {
    server = await startFakePostgresServer({
      respond: (statement) => (statement.copyData?.includes("refused") ? { error: { code: "22P02", message: 'invalid input syntax for type bigint: "refused"' } } : undefined),
    });
    config = { host: "127.0.0.1", port: server.port, database: "holo_demo", user: "BASIC$dev", password: "not-a-secret" };
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is COPYed again in halves until the refused lines stand alone; those are dirty records, the rest is written", async () => {
    const info = tableInfo({ table: "orders", columns: ["id int8 pk", "name text"] });
    const plan = planHologresWrite({
      server: HOLOGRES,
      info,
      target: { schema: "public", table: "orders" },
      partition: null,
      mapped: info.columns,
      parameter: { writeMode: "sdk", conflictMode: "ignore" },
      sourceColumns: sourceColumnsFor(info, ["id", "name"]),
    });
    const context = recordingContext();
    const connect = () => connectHologres(config);
    const conn = new ChannelConnection(await connect(), plan, context, config, { dataSource: "holo_demo", connect, nextBatchNumber: () => 1 });
    const writer = new CopyBatchWriter(conn);
    await writer.write([[1n, "a"], [2n, "refused"], [3n, "c"], [4n, "d"], [5n, "refused too"]]);
    await writer.finishBatch();
    await conn.close();
    expect(new Set(server.statements.map((s) => s.text))).toEqual(new Set(['COPY "public"."orders" ("id", "name") FROM STDIN WITH (STREAM_MODE TRUE, ON_CONFLICT IGNORE)']));
    expect(server.statements.map((s) => s.copyData!.trim().split("\n").map((line) => line.split("\t")[0]).join(","))).toEqual(["1,2,3,4,5", "1,2", "1", "2", "3,4,5", "3", "4,5", "4", "5"]);
    expect(context.written).toBe(3);
    expect(context.dirty).toEqual([
      { column: null, reason: 'invalid input syntax for type bigint: "refused"', sqlState: "22P02", values: { id: "2", name: "refused" } },
      { column: null, reason: 'invalid input syntax for type bigint: "refused"', sqlState: "22P02", values: { id: "5", name: "refused too" } },
    ]);
  });
});
