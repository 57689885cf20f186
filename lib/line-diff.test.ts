import { describe, expect, it } from "vitest";
import { alignKeys, diffLines, foldUnchanged } from "./line-diff";

describe("line diff", () => {
  it("keeps common lines and marks the lines only in one text", () => {
    const saved = JSON.stringify({ setting: { errorLimit: { record: "7" }, speed: { concurrent: 2 } } }, null, 2);
    const mine = JSON.stringify({ setting: { errorLimit: { record: "9" }, speed: { concurrent: 2 } } }, null, 2);
    const diff = diffLines(saved, mine);
    expect(diff.filter((line) => line.kind !== "same")).toEqual([
      { kind: "removed", text: '      "record": "7"' },
      { kind: "added", text: '      "record": "9"' },
    ]);
    expect(diff.filter((line) => line.kind === "same")).toHaveLength(saved.split("\n").length - 1);
  });

  it("shows insertions and deletions at either end", () => {
    expect(diffLines("a\nb", "b\nc")).toEqual([
      { kind: "removed", text: "a" },
      { kind: "same", text: "b" },
      { kind: "added", text: "c" },
    ]);
    expect(diffLines("", "x").map((line) => line.kind)).toEqual(["removed", "added"]);
  });

  it("orders a spec read back from jsonb like the editor's, so only real differences show", () => {
    const mine = { type: "job", steps: [{ name: "Reader", parameter: { datasource: "a", table: "t" } }], setting: { errorLimit: { record: "9" } } };
    const fromJsonb = { type: "job", steps: [{ parameter: { table: "t", datasource: "a" }, name: "Reader" }], setting: { errorLimit: { record: "7" } }, extra: 1 };
    const aligned = alignKeys(fromJsonb, mine);
    expect(JSON.stringify(aligned)).toBe('{"type":"job","steps":[{"name":"Reader","parameter":{"datasource":"a","table":"t"}}],"setting":{"errorLimit":{"record":"7"}},"extra":1}');
    const changed = diffLines(JSON.stringify(aligned, null, 2), JSON.stringify(mine, null, 2)).filter((line) => line.kind !== "same");
    expect(changed.map((line) => [line.kind, line.text.trim()])).toEqual([
      ["removed", '"record": "7"'],
      ["added", '"record": "9"'],
      ["removed", "},"],
      ["removed", '"extra": 1'],
      ["added", "}"],
    ]);
  });

  it("folds long runs of unchanged lines, keeping context around each change", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 10", "line ten");
    const folded = foldUnchanged(diffLines(before, after), 2);
    expect(folded).toEqual([
      { kind: "folded", count: 8 },
      { kind: "same", text: "line 8" },
      { kind: "same", text: "line 9" },
      { kind: "removed", text: "line 10" },
      { kind: "added", text: "line ten" },
      { kind: "same", text: "line 11" },
      { kind: "same", text: "line 12" },
      { kind: "folded", count: 7 },
    ]);
    expect(foldUnchanged(diffLines("a\nb", "a\nb"))).toEqual([{ kind: "folded", count: 2 }]);
  });
});
