"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { commitNode as storeCommit, CommitRefused } from "@/lib/data/node-versions";
import { commitNodeSchema } from "@/lib/schemas/node-version";

/**
 * Commit (node toolbar): checks the saved node as Run does plus its scheduling properties
 * and records a committed version; in a basic-mode workspace it is deployed at once. A
 * refused commit returns every problem, which the wizard lists like Run's check.
 */
export const commitNode = authedAction("edit", commitNodeSchema, async (input, { user, workspace }) => {
  try {
    const committed = await storeCommit({ workspaceId: workspace.id, ...input, committedBy: user.username });
    revalidatePath(`/workflows/nodes/${input.nodeId}`);
    revalidatePath("/deploy");
    return { status: "committed" as const, version: committed.version, deployed: committed.deployed };
  } catch (error) {
    if (error instanceof CommitRefused) return { status: "refused" as const, problems: error.problems };
    throw error;
  }
});
