import { authedRoute } from "@/lib/auth/authed-action";
import { findActiveRunOfNode } from "@/lib/data/workflows";

export const GET = authedRoute<"read", { nodeId: string }>("read", async (_request, { workspace, params }) => ({
  run: await findActiveRunOfNode(workspace.id, params.nodeId),
}));
