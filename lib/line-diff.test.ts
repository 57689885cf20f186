import { describe, expect, it } from "vitest";
import { diffLines } from "./line-diff";

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
});
