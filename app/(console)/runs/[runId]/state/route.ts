import { authedRoute } from "@/lib/auth/authed-action";
import { getRunDetail } from "@/lib/data/runs";

export const dynamic = "force-dynamic";

/** The run as the run page polls it: counters, stages, speed samples, dirty records and the log. */
export const GET = authedRoute<"read", { runId: string }>("read", (_request, { workspace, params }) =>
  getRunDetail(workspace.id, params.runId),
);
