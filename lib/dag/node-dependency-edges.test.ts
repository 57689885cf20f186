import { describe, expect, it } from "vitest";
import { nodeDependencyEdges, type CrossCycleNode } from "./node-dependency-edges";

const node = (id: string, inputs: string[], crossCycle = "none", crossCycleNodeIds: string[] = []): CrossCycleNode => ({
  id,
  name: id,
  outputs: [`ws.${id}`],
  inputs: inputs.map((parent) => `ws.${parent}`),
  crossCycle,
  crossCycleNodeIds,
});
const drawn = (edges: { source: string; target: string; crossCycle: boolean }[] | undefined) =>
  (edges ?? []).map((edge) => `${edge.source}>${edge.target}${edge.crossCycle ? " previous" : ""}`).sort();

describe("nodeDependencyEdges", () => {
  it("gives same-cycle edges from parents and previous-cycle edges from first-level children and named nodes", () => {
    const { incoming, outgoing, selfDependent } = nodeDependencyEdges([
      node("a", [], "children"),
      node("b", ["a"]),
      node("c", ["a"], "nodes", ["a", "gone"]),
    ]);
    expect(drawn(incoming.get("a"))).toEqual(["b>a previous", "c>a previous"]);
    // c names its same-cycle parent across cycles too: two arrows, not one.
    expect(drawn(incoming.get("c"))).toEqual(["a>c", "a>c previous"]);
    expect(drawn(outgoing.get("a"))).toEqual(["a>b", "a>c", "a>c previous"]);
    expect(selfDependent.size).toBe(0);
  });

  it("a node waiting for its own previous instance, or naming itself, is self-dependent and has no edge to itself", () => {
    const { incoming, selfDependent } = nodeDependencyEdges([node("a", [], "self"), node("b", [], "nodes", ["b"])]);
    expect([...selfDependent].sort()).toEqual(["a", "b"]);
    expect(incoming.size).toBe(0);
  });
});
