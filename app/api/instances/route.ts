import { authedRoute } from "@/lib/auth/authed-action";
import { listInstances } from "@/lib/data/instances";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceListFilterSchema } from "@/lib/schemas/instance";

export const dynamic = "force-dynamic";

/** An instance list as Operation Center polls it: ?kind=auto|test and the page's filters. */
export const GET = authedRoute("read", (request, { workspace }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return listInstances({
    workspaceId: workspace.id,
    kind: params.kind === "test" ? "test" : "auto",
    filter: instanceListFilterSchema.parse(params),
    now: schedulerNow(),
  });
});
