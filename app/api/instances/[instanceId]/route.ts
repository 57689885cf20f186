import { authedRoute } from "@/lib/auth/authed-action";
import { getInstanceDetail } from "@/lib/data/instances";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";

export const dynamic = "force-dynamic";

/** One instance as its page polls it: state, what it waits for, attempts. */
export const GET = authedRoute<"read", { instanceId: string }>("read", (_request, { workspace, params }) =>
  getInstanceDetail(workspace.id, params.instanceId, schedulerNow()),
);
