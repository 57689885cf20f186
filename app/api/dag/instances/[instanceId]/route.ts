import { authedRoute } from "@/lib/auth/authed-action";
import { readInstanceDag } from "@/lib/data/instance-dag";

export const dynamic = "force-dynamic";

/** An instance with its parent and child instances, as the DAG polls and expands it. */
export const GET = authedRoute<"read", { instanceId: string }>("read", (_request, { workspace, params }) =>
  readInstanceDag({ workspaceId: workspace.id, instanceId: params.instanceId }),
);
