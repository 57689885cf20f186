import { describe, expect, it } from "vitest";
import { DirtyRecordCollector, MAX_KEPT_DIRTY_RECORDS } from "./dirty-record-collector";

const record = (i: number) => ({ column: "c", reason: `bad ${i}`, sqlState: "22P02", values: { c: String(i) } });

describe("DirtyRecordCollector", () => {
  it("with limit 0 fails on the first dirty record", () => {
    const collector = new DirtyRecordCollector(0);
    expect(() => collector.add(record(1))).toThrow(/1 refused rows, 0 allowed/);
  });

  it("fails as soon as the count passes the limit, not before", () => {
    const collector = new DirtyRecordCollector(2);
    collector.add(record(1));
    collector.add(record(2));
    expect(() => collector.add(record(3))).toThrowError(expect.objectContaining({ code: "DIRTY_LIMIT_EXCEEDED" }));
    expect(collector.count).toBe(3);
  });

  it("without a limit keeps counting and keeps the first 1,000 records", () => {
    const seen: number[] = [];
    const collector = new DirtyRecordCollector(null, (_, n) => seen.push(n));
    for (let i = 0; i < 1500; i++) collector.add(record(i));
    expect(collector.count).toBe(1500);
    expect(collector.kept).toHaveLength(MAX_KEPT_DIRTY_RECORDS);
    expect(collector.kept[0]!.reason).toBe("bad 0");
    expect(seen.at(-1)).toBe(1500);
  });
});
