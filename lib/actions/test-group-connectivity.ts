"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { abandonConnectivityCheck, getConnectivityCheck, requestConnectivityCheck } from "@/lib/data/resource-groups";
import { groupConnectivityCheckSchema } from "@/lib/schemas/resource-group";
import { workerTiming } from "@/lib/worker/worker-timing";

export type GroupConnectivityAnswer = { ok: boolean; message: string; workerHost: string | null; elapsedMs: number };

/**
 * Tests a data source from a resource group: one of the group's workers runs the check from
 * its machine and answers through the database; this waits for the answer (20 s at most).
 */
export const testGroupConnectivity = authedAction(
  "edit",
  groupConnectivityCheckSchema,
  async ({ resourceGroupId, dataSourceId }, { workspace }): Promise<GroupConnectivityAnswer> => {
    const started = Date.now();
    const { id } = await requestConnectivityCheck({ workspaceId: workspace.id, resourceGroupId, dataSourceId });
    while (Date.now() - started < workerTiming.connectivityWaitMs) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const check = await getConnectivityCheck(id);
      if (check?.status === "answered") {
        return { ok: Boolean(check.ok), message: check.message ?? "", workerHost: check.workerHost, elapsedMs: Date.now() - started };
      }
    }
    await abandonConnectivityCheck(id);
    return {
      ok: false,
      message: `No worker of the group answered within ${workerTiming.connectivityWaitMs / 1000} s. The workers may be busy or stopping; try again.`,
      workerHost: null,
      elapsedMs: Date.now() - started,
    };
  },
);
