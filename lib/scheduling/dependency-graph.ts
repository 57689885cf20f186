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

/** A problem of the production graph, with the node it is about. */
export type GraphProblem = CommitProblem & { nodeId: string; nodeName: string };

/**
 * What stops `changed` nodes (their new outputs and inputs) from joining the deployed graph
 * (`deployed`, their own deployed versions replaced): an input no node of the resulting
 * graph outputs, an output another node has, a dependency cycle. Commit asks it for one
 * node; Deploy for every version it deploys at once, so a set of versions that only close
 * a cycle together is refused too.
 */
export function graphProblems(input: { workspaceName: string; changed: readonly GraphNode[]; deployed: readonly GraphNode[] }): GraphProblem[] {
  const changedIds = new Set(input.changed.map((node) => node.id));
  const graph = [...input.deployed.filter((other) => !changedIds.has(other.id)), ...input.changed];
  const root = rootOutputName(input.workspaceName);
  const problems: GraphProblem[] = [];
  for (const node of input.changed) {
    const about = { nodeId: node.id, nodeName: node.name };
    const owners = outputOwners(graph.filter((other) => other.id !== node.id));
    for (const name of node.inputs) {
      if (name === root || node.outputs.includes(name) || owners.has(name)) continue;
      problems.push({
        ...about,
        path: "scheduling.dependencies.inputs",
        message: `No deployed node outputs "${name}": deploy the node that outputs it first, or remove this parent.`,
      });
    }
    for (const name of node.outputs) {
      const owner = owners.get(name);
      if (owner) {
        problems.push({ ...about, path: "scheduling.dependencies.outputs", message: `Output "${name}" is already an output of node "${owner.name}": outputs must be unique, rename or remove it.` });
      }
    }
  }
  const found = findDependencyCycle(parentsOf(graph));
  if (found) {
    // Told from a changed node when one is on the cycle: "this → its parent → … → this".
    const at = found.findIndex((id) => changedIds.has(id));
    const start = at >= 0 ? found[at]! : found[0]!;
    const cycle = at > 0 ? [...found.slice(at, -1), ...found.slice(0, at), start] : found;
    const names = new Map(graph.map((node) => [node.id, node.name]));
    problems.push({
      nodeId: start,
      nodeName: names.get(start) ?? start,
      path: "scheduling.dependencies.inputs",
      message: `These parents make a dependency cycle (→ = depends on): ${cycle.map((id) => names.get(id) ?? id).join(" → ")}. Remove one of the parents on it.`,
    });
  }
  return problems;
}

/** What stops a commit of `node` against the deployed graph (see graphProblems). */
export function dependencyProblems(input: { workspaceName: string; node: GraphNode; deployed: readonly GraphNode[] }): CommitProblem[] {
  return graphProblems({ workspaceName: input.workspaceName, changed: [input.node], deployed: input.deployed }).map(({ path, message }) => ({ path, message }));
}
