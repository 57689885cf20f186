"use server";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { abandonConnectivityCheck, getConnectivityCheck, requestConnectivityCheck } from "@/lib/data/resource-groups";
import type { ActionResult } from "@/lib/schemas/common";
import { groupConnectivityCheckSchema } from "@/lib/schemas/resource-group";
import { workerTiming } from "@/lib/worker/worker-timing";
import { failure } from "./action-result";

export type GroupConnectivityAnswer = { ok: boolean; message: string; workerHost: string | null; elapsedMs: number };

/**
 * Tests a data source from a resource group: one of the group's workers runs the check from
 * its machine and answers through the database; this waits for the answer (20 s at most).
 */
export async function testGroupConnectivity(input: unknown): Promise<ActionResult<GroupConnectivityAnswer>> {
  try {
    const { workspace } = await requireConsoleContext();
    const { resourceGroupId, dataSourceId } = groupConnectivityCheckSchema.parse(input);
    const started = Date.now();
    const { id } = await requestConnectivityCheck({ workspaceId: workspace.id, resourceGroupId, dataSourceId });
    while (Date.now() - started < workerTiming.connectivityWaitMs) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const check = await getConnectivityCheck(id);
      if (check?.status === "answered") {
        return { ok: true, data: { ok: Boolean(check.ok), message: check.message ?? "", workerHost: check.workerHost, elapsedMs: Date.now() - started } };
      }
    }
    await abandonConnectivityCheck(id);
    return {
      ok: true,
      data: {
        ok: false,
        message: `No worker of the group answered within ${workerTiming.connectivityWaitMs / 1000} s. The workers may be busy or stopping; try again.`,
        workerHost: null,
        elapsedMs: Date.now() - started,
      },
    };
  } catch (error) {
    return failure(error);
  }
}
