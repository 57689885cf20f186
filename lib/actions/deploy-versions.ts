"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { deployNodeVersions } from "@/lib/data/node-versions";
import { deployVersionsSchema } from "@/lib/schemas/node-version";

/** Deploy page: makes the chosen committed versions production, all or none. */
export const deployVersions = authedAction("deploy", deployVersionsSchema, async ({ versionIds }, { user, workspace }) => {
  const result = await deployNodeVersions({ workspaceId: workspace.id, versionIds, deployedBy: user.username });
  revalidatePath("/deploy");
  revalidatePath("/workflows", "layout");
  return result;
});
