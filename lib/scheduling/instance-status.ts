// How Operation Center shows an instance's state, with DataWorks' words and colours
// (shared/notes/dataworks-scheduling-facts.md 3.4): Not run gray, Waiting for time and
// Waiting for resources yellow, Running blue, Succeeded green, Failed red, Frozen purple,
// and the dry-run variants. Frozen and dry run are flags on the instance, not states, so
// the state shown is derived here, in one place, for the lists, the strip and the page.
export const instanceStatuses = ["notRun", "waitingTime", "waitingResources", "running", "succeeded", "failed"] as const;
export type InstanceStatusName = (typeof instanceStatuses)[number];

/** What a person sees: a state, or Frozen / Dry run where the flags decide. */
export const displayStatuses = ["notRun", "waitingTime", "waitingResources", "running", "succeeded", "dryRun", "failed", "frozen"] as const;
export type DisplayStatus = (typeof displayStatuses)[number];

export const displayStatusLabels: Record<DisplayStatus, string> = {
  notRun: "Not run",
  waitingTime: "Waiting for time",
  waitingResources: "Waiting for resources",
  running: "Running",
  succeeded: "Succeeded",
  dryRun: "Dry run",
  failed: "Failed",
  frozen: "Frozen",
};

export type StatusTone = "gray" | "amber" | "blue" | "green" | "red" | "violet";

export const displayStatusTones: Record<DisplayStatus, StatusTone> = {
  notRun: "gray",
  waitingTime: "amber",
  waitingResources: "amber",
  running: "blue",
  succeeded: "green",
  // DataWorks draws a dry run as a success (it counts as one downstream).
  dryRun: "green",
  failed: "red",
  frozen: "violet",
};

export const terminalInstanceStatuses: readonly InstanceStatusName[] = ["succeeded", "failed"];

/**
 * The state shown. A frozen instance is purple until it ends (a frozen one that already
 * succeeded or failed keeps that colour, with the flag beside it); a dry run that
 * succeeded without running is "Dry run".
 */
export function displayStatusOf(instance: { status: InstanceStatusName; frozen: boolean; dryRun: boolean; setSucceededBy?: string | null }): DisplayStatus {
  if (instance.frozen && !terminalInstanceStatuses.includes(instance.status)) return "frozen";
  if (instance.status === "succeeded" && instance.dryRun && !instance.setSucceededBy) return "dryRun";
  return instance.status;
}

/** The state in words, with the reason where DataWorks gives one ("Dry run (Not a chosen day of the cycle)"). */
export function displayStatusText(instance: { status: InstanceStatusName; frozen: boolean; dryRun: boolean; dryRunReason?: string | null; setSucceededBy?: string | null }): string {
  const shown = displayStatusOf(instance);
  if (shown === "dryRun" && instance.dryRunReason) return `Dry run (${instance.dryRunReason})`;
  if (shown === "succeeded" && instance.setSucceededBy) return "Set to succeeded";
  return displayStatusLabels[shown];
}

/** Whether the instance may still move by itself (the pages poll while one can). */
export function instanceMayMove(instance: { status: InstanceStatusName; frozen: boolean }): boolean {
  if (terminalInstanceStatuses.includes(instance.status)) return false;
  // A frozen instance that has not started waits for a person.
  return !(instance.frozen && (instance.status === "notRun" || instance.status === "waitingTime"));
}
