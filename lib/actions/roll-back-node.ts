"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { rollBackToVersion } from "@/lib/data/node-versions";
import { rollBackNodeSchema } from "@/lib/schemas/node-version";

/** Versions > Roll Back: the version's content becomes the draft as a new save. */
export const rollBackNode = authedAction("edit", rollBackNodeSchema, async (input, { user, workspace }) => {
  const saved = await rollBackToVersion({ workspaceId: workspace.id, ...input, savedBy: user.username });
  revalidatePath(`/workflows/nodes/${input.nodeId}`);
  return { version: saved.version, from: saved.from };
});
