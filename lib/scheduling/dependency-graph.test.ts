import { describe, expect, it } from "vitest";
import { childrenOf, dependencyProblems, graphProblems, parentsOf, type GraphNode } from "./dependency-graph";

const node = (id: string, inputs: string[] = []): GraphNode => ({ id, name: id, outputs: [`ws.${id}_out`, `ws.${id}`], inputs });

describe("the node graph from outputs and inputs", () => {
  it("links a child to the node that outputs its input; the root and unknown inputs give no edge", () => {
    const nodes = [node("a", ["ws_root"]), node("b", ["ws.a"]), node("c", ["ws.b_out", "ws.a", "ws.nobody"])];
    expect(parentsOf(nodes)).toEqual(new Map([["a", []], ["b", ["a"]], ["c", ["b", "a"]]]));
    expect(childrenOf(nodes[0]!, nodes).map((child) => child.id)).toEqual(["b", "c"]);
  });
});

describe("what commit refuses", () => {
  const deployed = [node("a"), node("b", ["ws.a"]), node("c", ["ws.b"])];
  it("accepts the root node and a deployed output", () => {
    expect(dependencyProblems({ workspaceName: "ws", node: node("d", ["ws_root", "ws.c"]), deployed })).toEqual([]);
  });
  it("an input no deployed node outputs, naming it", () => {
    expect(dependencyProblems({ workspaceName: "ws", node: node("d", ["ws.missing"]), deployed })).toEqual([
      { path: "scheduling.dependencies.inputs", message: 'No deployed node outputs "ws.missing": deploy the node that outputs it first, or remove this parent.' },
    ]);
  });
  it("an output another deployed node has", () => {
    const problems = dependencyProblems({ workspaceName: "ws", node: { ...node("d"), outputs: ["ws.d_out", "ws.b"] }, deployed });
    expect(problems.map((problem) => problem.message)).toEqual(['Output "ws.b" is already an output of node "b": outputs must be unique, rename or remove it.']);
  });
  it("a cycle through the deployed graph, told from the committed node", () => {
    const problems = dependencyProblems({ workspaceName: "ws", node: node("a", ["ws.c"]), deployed });
    expect(problems.map((problem) => problem.message)).toEqual(["These parents make a dependency cycle (→ = depends on): a → c → b → a. Remove one of the parents on it."]);
  });
  it("a node that names its own output", () => {
    expect(dependencyProblems({ workspaceName: "ws", node: node("d", ["ws.d"]), deployed })[0]!.message).toMatch(/cycle .*: d → d\./);
  });
});

describe("what deploy refuses (several versions at once)", () => {
  const deployed = [node("a"), node("b"), node("c", ["ws.b"])];
  it("two versions that only close a cycle together, told once, from a changed node on it", () => {
    const problems = graphProblems({ workspaceName: "ws", changed: [node("a", ["ws.c"]), node("b", ["ws.a"])], deployed });
    expect(problems).toEqual([
      { nodeId: "b", nodeName: "b", path: "scheduling.dependencies.inputs", message: "These parents make a dependency cycle (→ = depends on): b → a → c → b. Remove one of the parents on it." },
    ]);
  });
  it("a parent deployed in the same go is an output that exists", () => {
    expect(graphProblems({ workspaceName: "ws", changed: [node("d"), node("e", ["ws.d"])], deployed })).toEqual([]);
  });
  it("two changed nodes claiming one output", () => {
    const problems = graphProblems({ workspaceName: "ws", changed: [{ ...node("d"), outputs: ["ws.d_out", "ws.shared"] }, { ...node("e"), outputs: ["ws.e_out", "ws.shared"] }], deployed });
    expect(problems.map((problem) => `${problem.nodeName}: ${problem.message}`)).toEqual([
      'd: Output "ws.shared" is already an output of node "e": outputs must be unique, rename or remove it.',
      'e: Output "ws.shared" is already an output of node "d": outputs must be unique, rename or remove it.',
    ]);
  });
});
