// The node's Rerun property (DataWorks: Allow Regardless of Running Status | Allow upon
// Failure Only | Disallow Regardless of Running Status) decides whether a person may rerun
// an instance that has ended. Shared by the Rerun action (the rule) and the pages (the
// button is disabled with this reason).
import { rerunPolicyLabels, type rerunPolicies } from "./node-scheduling";
import { displayStatusLabels, type InstanceStatusName } from "./instance-status";

export type RerunPolicy = (typeof rerunPolicies)[number];

/** Why a Rerun is refused, or null when it is allowed. */
export function rerunRefusal(policy: RerunPolicy | null, status: InstanceStatusName): string | null {
  if (status !== "succeeded" && status !== "failed") {
    return `Only an instance that has ended can be rerun; this one is ${displayStatusLabels[status]}.`;
  }
  if (policy === null) return "The node is not deployed: deploy it before rerunning its instances.";
  if (policy === "allDenied") return `The node's Rerun property is "${rerunPolicyLabels.allDenied}".`;
  if (policy === "failureAllowed" && status === "succeeded") {
    return `The node's Rerun property is "${rerunPolicyLabels.failureAllowed}", and this instance succeeded.`;
  }
  return null;
}
