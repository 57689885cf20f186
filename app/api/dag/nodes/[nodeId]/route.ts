import { authedRoute } from "@/lib/auth/authed-action";
import { readNodeDag } from "@/lib/data/node-dag";

export const dynamic = "force-dynamic";

/** A deployed node with its parent and child nodes, as the DAG expands it. */
export const GET = authedRoute<"read", { nodeId: string }>("read", (_request, { workspace, params }) =>
  readNodeDag({ workspaceId: workspace.id, nodeId: params.nodeId }),
);
