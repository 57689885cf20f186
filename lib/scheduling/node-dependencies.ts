// A node's dependency properties, as DataWorks models them: outputs (names other nodes
// name as inputs), inputs (the parents' output names) and the cross-cycle setting. Kept in
// the node's scheduling properties, so Commit copies them into the NodeVersion with the
// rest and production reads the deployed version's. Facts: shared/notes/
// dataworks-scheduling-facts.md section 2.
import { z } from "zod";

export const crossCycleTypes = ["none", "self", "children", "nodes"] as const;
export type CrossCycleType = (typeof crossCycleTypes)[number];
export const crossCycleLabels: Record<CrossCycleType, string> = {
  none: "None (same-cycle only)",
  self: "Instance of current node (previous cycle)",
  children: "First-level child nodes (previous cycle)",
  nodes: "Specified nodes (previous cycle)",
};

const outputName = z
  .string()
  .trim()
  .min(1, "An output name cannot be empty.")
  .max(255, "An output name can have at most 255 characters.")
  .regex(/^[^\s,]+$/, "An output name cannot contain spaces or commas (for example project.table).");

export const nodeDependenciesSchema = z.object({
  // The editable outputs. Absent: not set yet; Commit fills in `<workspace>.<node name>`
  // once, so renaming the node later does not change it (as in DataWorks).
  outputs: z.array(outputName).max(50, "A node can have at most 50 outputs.").optional(),
  // The parents, by output name. Empty: the node depends on the workspace's root node.
  inputs: z.array(outputName).max(200, "A node can have at most 200 parents.").default([]),
  crossCycle: z.enum(crossCycleTypes).default("none"),
  // For crossCycle "nodes": the node ids waited for (DataWorks' DependentNodeIdList).
  crossCycleNodeIds: z.array(z.string().min(1)).max(50, "At most 50 nodes for a cross-cycle dependency.").default([]),
}).superRefine((value, context) => {
  if (value.crossCycle === "nodes" && value.crossCycleNodeIds.length === 0) {
    context.addIssue({ code: "custom", path: ["crossCycleNodeIds"], message: "Choose at least one node whose previous instance this node waits for, or another cross-cycle dependency." });
  }
});
export type NodeDependencies = z.infer<typeof nodeDependenciesSchema>;

export const emptyDependencies = (): NodeDependencies => ({ inputs: [], crossCycle: "none", crossCycleNodeIds: [] });

/** `<workspace>_root`: the workspace's zero-load root node's output. */
export const rootOutputName = (workspaceName: string) => `${workspaceName}_root`;

/**
 * `<workspace>.<random>_out`: the output every node has, which never changes. The random
 * part is the node's id (a cuid: random, made once, never reused).
 */
export const randomOutputName = (workspaceName: string, nodeId: string) => `${workspaceName}.${nodeId}_out`;

/** `<workspace>.<node name>`: the default editable output. */
export const nodeNameOutput = (workspaceName: string, nodeName: string) => `${workspaceName}.${nodeName}`;

/**
 * `<workspace>.<table>`: a batch sync node's target table as an output (DataWorks makes users
 * type it). The writer names tables `public.<table>`; the default schema is left out, as
 * DataWorks' `project.table` has none, and another schema stays (`<workspace>.sales.orders`).
 */
export const tableOutputName = (workspaceName: string, table: string) => `${workspaceName}.${table.replace(/^public\./, "")}`;

/** Every output of a node: the random one, then the editable ones (defaulting to the node name). */
export function nodeOutputs(input: { workspaceName: string; nodeId: string; nodeName: string; dependencies: NodeDependencies }): string[] {
  const editable = input.dependencies.outputs ?? [nodeNameOutput(input.workspaceName, input.nodeName)];
  return [randomOutputName(input.workspaceName, input.nodeId), ...editable];
}
