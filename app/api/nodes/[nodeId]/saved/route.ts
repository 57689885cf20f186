import { authedRoute } from "@/lib/auth/authed-action";
import { describeNewerVersion, getSavedSyncNode } from "@/lib/data/workflows";

/** The node as saved now, with its newest version: the wizard compares it with unsaved edits. */
export const GET = authedRoute<"read", { nodeId: string }>("read", async (_request, { workspace, params }) => {
  const saved = await getSavedSyncNode(workspace.id, params.nodeId);
  return { ...saved, newerVersionMessage: saved.latest ? describeNewerVersion(saved.latest) : null };
});
