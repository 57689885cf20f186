// The node-level dependency graph of a workspace, from its nodes' outputs and inputs, and
// what Commit checks on it (a parent no deployed node outputs, an output another node
// has, a cycle). Pure: lib/data/node-dependencies.ts loads the nodes.
import type { CommitProblem } from "./commit-deploy";
import { findDependencyCycle } from "./dependency-rules";
import { rootOutputName } from "./node-dependencies";

export type GraphNode = { id: string; name: string; outputs: readonly string[]; inputs: readonly string[] };

/** Which node has each output. */
export function outputOwners(nodes: readonly GraphNode[]): Map<string, GraphNode> {
  const owners = new Map<string, GraphNode>();
  for (const node of nodes) for (const output of node.outputs) if (!owners.has(output)) owners.set(output, node);
  return owners;
}

/** Each node's parent node ids (inputs nobody outputs and the root node give no edge). */
export function parentsOf(nodes: readonly GraphNode[]): Map<string, string[]> {
  const owners = outputOwners(nodes);
  return new Map(
    nodes.map((node) => [node.id, [...new Set(node.inputs.map((input) => owners.get(input)?.id).filter((id): id is string => id !== undefined))]]),
  );
}

/** The nodes whose inputs name one of `node`'s outputs: its first-level children. */
export function childrenOf(node: GraphNode, nodes: readonly GraphNode[]): GraphNode[] {
  const outputs = new Set(node.outputs);
  return nodes.filter((other) => other.id !== node.id && other.inputs.some((input) => outputs.has(input)));
}

/**
 * What stops a commit of `node` (its new outputs and inputs) against the deployed graph
 * (`deployed`, the node's own deployed version left out): an input no deployed node
 * outputs, an output another deployed node already has, a dependency cycle.
 */
export function dependencyProblems(input: { workspaceName: string; node: GraphNode; deployed: readonly GraphNode[] }): CommitProblem[] {
  const problems: CommitProblem[] = [];
  const others = input.deployed.filter((other) => other.id !== input.node.id);
  const owners = outputOwners(others);
  const root = rootOutputName(input.workspaceName);
  for (const name of input.node.inputs) {
    if (name === root || input.node.outputs.includes(name) || owners.has(name)) continue;
    problems.push({
      path: "scheduling.dependencies.inputs",
      message: `No deployed node outputs "${name}": deploy the node that outputs it first, or remove this parent.`,
    });
  }
  for (const name of input.node.outputs) {
    const owner = owners.get(name);
    if (owner) {
      problems.push({ path: "scheduling.dependencies.outputs", message: `Output "${name}" is already an output of node "${owner.name}": outputs must be unique, rename or remove it.` });
    }
  }
  const graph = [...others, input.node];
  const found = findDependencyCycle(parentsOf(graph));
  if (found) {
    // Told from the node being committed when it is on the cycle: "this → its parent → … → this".
    const at = found.indexOf(input.node.id);
    const cycle = at > 0 ? [...found.slice(at, -1), ...found.slice(0, at), input.node.id] : found;
    const names = new Map(graph.map((node) => [node.id, node.name]));
    problems.push({
      path: "scheduling.dependencies.inputs",
      message: `These parents make a dependency cycle (→ = depends on): ${cycle.map((id) => names.get(id) ?? id).join(" → ")}. Remove one of the parents on it.`,
    });
  }
  return problems;
}
