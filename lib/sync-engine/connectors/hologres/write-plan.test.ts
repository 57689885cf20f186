import { describe, expect, it } from "vitest";
import { HOLOGRES, POSTGRES_15, sourceColumnsFor, tableInfo } from "../../testing/hologres-writer-fixtures";
import type { HoloWriterParameter } from "../../job-spec";
import { failureSemanticsOf } from "./failure-semantics";
import { buildConflictClause, parseWriterPartition, planHologresWrite, resolveWriterPartition, type PlanWriteOptions } from "./write-plan";

const orders = tableInfo({ table: "orders", columns: ["id int8 pk", "name text", "note text default", "amount numeric(10,2)"] });
const events = tableInfo({ table: "events", columns: ["id int8", "body text"] });

function plan(options: { info?: PlanWriteOptions["info"]; columns?: string[]; server?: PlanWriteOptions["server"]; writeMode?: "sdk" | "sql"; conflictMode?: HoloWriterParameter["conflictMode"]; partition?: PlanWriteOptions["partition"]; batchSize?: number }) {
  const info = options.info ?? orders;
  const columns = options.columns ?? ["id", "name"];
  return planHologresWrite({
    server: options.server ?? POSTGRES_15,
    info,
    target: { schema: "public", table: info.table },
    partition: options.partition ?? null,
    mapped: columns.map((name) => info.columns.find((c) => c.name === name)!),
    parameter: { writeMode: options.writeMode ?? "sdk", conflictMode: options.conflictMode ?? "ignore", batchSize: options.batchSize },
    sourceColumns: sourceColumnsFor(info, columns),
  });
}

describe("planning on PostgreSQL", () => {
  it("a table without a primary key: one transaction for the run, plain COPY, no conflict clause", () => {
    const p = plan({ info: events, columns: ["id", "body"] });
    expect(p).toMatchObject({ transactionMode: "held", useStaging: false, conflictClause: "", copyOptions: "", columns: ["id", "body"], batchRows: 50_000 });
    expect(plan({ info: events, columns: ["id", "body"], writeMode: "sql" }).batchRows).toBe(1_000);
    expect(plan({ info: events, columns: ["id", "body"], batchSize: 7 }).batchRows).toBe(7);
  });

  it("a primary key: one transaction per batch, staging in fast mode, and the conflict clause of each conflict mode", () => {
    expect(plan({ conflictMode: "replace" })).toMatchObject({
      transactionMode: "perBatch",
      useStaging: true,
      columns: ["id", "name"],
      conflictClause: ' ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "note" = DEFAULT, "amount" = DEFAULT',
    });
    expect(plan({ conflictMode: "update" }).conflictClause).toBe(' ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"');
    expect(plan({ conflictMode: "ignore" }).conflictClause).toBe(' ON CONFLICT ("id") DO NOTHING');
    // Nothing to update but the key: the row stays.
    expect(plan({ conflictMode: "update", columns: ["id"] }).conflictClause).toBe(' ON CONFLICT ("id") DO NOTHING');
    expect(plan({ writeMode: "sql", conflictMode: "replace" }).useStaging).toBe(false);
  });

  it("the primary key must be mapped", () => {
    expect(() => plan({ columns: ["name"] })).toThrow('Primary key column "id" of public.orders is not mapped: map it from a reader column.');
  });

  it("a partition column the job does not map is appended with the partition's value", () => {
    const sales = tableInfo({ table: "sales", columns: ["id int8", "amount numeric(10,2)", "ds text"], partitionColumn: "ds" });
    const p = plan({ info: sales, columns: ["id", "amount"], partition: { column: "ds", value: "20261123" } });
    expect(p).toMatchObject({ columns: ["id", "amount", "ds"], appendedValues: ["20261123"], partitionChild: true });
    expect(p.columnTypes.map((c) => c.typeName)).toEqual(["int8", "numeric", "text"]);
    // Mapped from the reader: the reader's value is written, nothing appended.
    expect(plan({ info: sales, columns: ["id", "amount", "ds"], partition: { column: "ds", value: "20261123" } }).appendedValues).toEqual([]);
  });
});

describe("planning on Hologres", () => {
  it("a primary key: no transactions, COPY takes STREAM_MODE and ON_CONFLICT itself, and Replace sends unmapped columns as NULL", () => {
    const replace = plan({ server: HOLOGRES, conflictMode: "replace" });
    expect(replace).toMatchObject({
      transactionMode: "autocommit",
      useStaging: false,
      columns: ["id", "name", "note", "amount"],
      paddedWidth: 4,
      copyOptions: " WITH (STREAM_MODE TRUE, ON_CONFLICT UPDATE)",
      conflictClause: ' ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "note" = EXCLUDED."note", "amount" = EXCLUDED."amount"',
      unwrittenDefaults: [],
    });
    expect(plan({ server: HOLOGRES, conflictMode: "update" })).toMatchObject({
      columns: ["id", "name"],
      copyOptions: " WITH (STREAM_MODE TRUE, ON_CONFLICT UPDATE)",
      conflictClause: ' ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"',
      unwrittenDefaults: ["note"],
    });
    expect(plan({ server: HOLOGRES, conflictMode: "ignore" })).toMatchObject({ copyOptions: " WITH (STREAM_MODE TRUE, ON_CONFLICT IGNORE)", conflictClause: ' ON CONFLICT ("id") DO NOTHING' });
  });

  it("no primary key: plain COPY, no conflict clause", () => {
    expect(plan({ server: HOLOGRES, info: events, columns: ["id", "body"] })).toMatchObject({ transactionMode: "autocommit", copyOptions: "", conflictClause: "" });
  });
});

describe("failure semantics", () => {
  it("as it was with the run's transaction; repaired by a rerun with a key or a truncate; partial otherwise", () => {
    expect(failureSemanticsOf({ transactionMode: "held", hasKey: false, truncate: false })).toBe("as-it-was");
    expect(failureSemanticsOf({ transactionMode: "held", hasKey: false, truncate: true })).toBe("rerun-repairs");
    expect(failureSemanticsOf({ transactionMode: "perBatch", hasKey: true, truncate: false })).toBe("rerun-repairs");
    expect(failureSemanticsOf({ transactionMode: "autocommit", hasKey: true, truncate: false })).toBe("rerun-repairs");
    expect(failureSemanticsOf({ transactionMode: "autocommit", hasKey: false, truncate: false })).toBe("partial");
    expect(failureSemanticsOf({ transactionMode: "autocommit", hasKey: false, truncate: true })).toBe("rerun-repairs");
  });
});

describe("partitions", () => {
  const sales = tableInfo({ table: "sales", columns: ["id int8", "ds text"], partitionColumn: "ds" });
  const name = { schema: "public", table: "sales" };

  it("reads column=value, quoted or not, and matches the column ignoring case", () => {
    expect(parseWriterPartition("ds=20261123")).toEqual({ column: "ds", value: "20261123" });
    expect(parseWriterPartition(" ds = '2026-11-23' ")).toEqual({ column: "ds", value: "2026-11-23" });
    expect(resolveWriterPartition("DS=20261123", sales, name)).toEqual({ column: "ds", value: "20261123" });
    expect(resolveWriterPartition(undefined, events, { schema: "public", table: "events" })).toBeNull();
  });

  it("refuses what Hologres cannot hold, saying what to write instead", () => {
    expect(() => parseWriterPartition("ds=1/hh=2")).toThrow("has several levels");
    expect(() => parseWriterPartition("20261123")).toThrow("is not column=value (for example sale_date=${bizdate})");
    expect(() => parseWriterPartition("ds=''")).toThrow("has an empty value");
    expect(() => resolveWriterPartition(undefined, sales, name)).toThrow('public.sales is partitioned by "ds": set the writer\'s partition, for example ds=${bizdate}.');
    expect(() => resolveWriterPartition("ds=1", events, { schema: "public", table: "events" })).toThrow("is not a partitioned table");
    expect(() => resolveWriterPartition("dt=1", sales, name)).toThrow('The writer\'s partition names column "dt" but public.sales is partitioned by "ds".');
  });
});

describe("buildConflictClause", () => {
  it("quotes every name with the one quoting function", () => {
    expect(buildConflictClause("replace", ['a"b', "k"], ["k"], ["Mixed Case"])).toBe(' ON CONFLICT ("k") DO UPDATE SET "a""b" = EXCLUDED."a""b", "Mixed Case" = DEFAULT');
  });
});
