import { describe, expect, it } from "vitest";
import { layoutLeftToRight } from "./dag-layout";

const box = (id: string) => ({ id, width: 200, height: 80 });

describe("layoutLeftToRight", () => {
  it("puts every parent left of its children and boxes of one level one above the other", () => {
    const at = layoutLeftToRight([box("a"), box("b"), box("c"), box("d")], [
      { source: "a", target: "b" },
      { source: "a", target: "c" },
      { source: "b", target: "d" },
      { source: "c", target: "d" },
    ]);
    expect(at.get("a")!.x).toBeLessThan(at.get("b")!.x);
    expect(at.get("b")!.x).toBe(at.get("c")!.x);
    expect(at.get("c")!.x).toBeLessThan(at.get("d")!.x);
    // b and c share a level and do not overlap.
    expect(Math.abs(at.get("b")!.y - at.get("c")!.y)).toBeGreaterThanOrEqual(80);
  });

  it("keeps the children of one parent in the order given, top to bottom", () => {
    const children = ["b1", "b2", "b3", "b4"];
    const at = layoutLeftToRight([box("a"), ...children.map(box)], ["b3", "b1", "b4", "b2"].map((target) => ({ source: "a", target })));
    const ys = children.map((id) => at.get(id)!.y);
    expect(ys).toEqual([...ys].sort((x, y) => x - y));
  });

  it("keeps a child right of its parent when the parent also waits for the child's previous cycle", () => {
    const at = layoutLeftToRight([box("child"), box("parent"), box("named")], [
      { source: "parent", target: "child" },
      { source: "child", target: "parent", crossCycle: true },
      { source: "named", target: "parent", crossCycle: true },
    ]);
    expect(at.get("parent")!.x).toBeLessThan(at.get("child")!.x);
    expect(at.get("named")!.x).toBeLessThan(at.get("parent")!.x);
  });

  it("ignores an edge to a box that is not laid out", () => {
    const at = layoutLeftToRight([box("a")], [{ source: "a", target: "missing" }]);
    expect([...at.keys()]).toEqual(["a"]);
  });
});
