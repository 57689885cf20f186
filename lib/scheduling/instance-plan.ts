// The instances one deployed node gets on one day, as rows ready to insert: the cycle's
// planned times, the dry-run and frozen flags, and the parameters fixed now. Pure: the
// generator (instance-generation.ts) loads the nodes and writes the rows.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { isSyncError } from "@/lib/sync-engine/sync-error";
import { parseNodeArguments } from "@/lib/sync-engine/scheduling-parameters";
import { instanceParameters } from "./instance-parameters";
import { nodeSchedulingSchema, type NodeScheduling } from "./node-scheduling";
import { instancesOnDay, type PlannedInstance } from "./scheduling-cycle";

/** DataWorks generates the next day's instances from 23:30 (workspace time zone). */
export const generationHour = 23;
export const generationMinute = 30;
/** Immediately After Deployment: instances less than 10 minutes after the deployment are expired dry runs. */
export const immediateDelayMs = 10 * 60_000;

export const dryRunReasons = {
  recurrence: "Recurrence: Dry Run",
  notChosen: "Not a chosen day of the cycle",
  expired: "Expired: its time was less than 10 minutes after deployment",
} as const;

export type DeployedNode = {
  nodeId: string;
  workspaceId: string;
  /** Operation Center's node-level Freeze. */
  frozen: boolean;
  /** The deployed version's scheduling properties (JSON as stored). */
  scheduling: unknown;
  /** The deployed version's arguments. */
  arguments: string;
};

export type InstanceRow = {
  workspaceId: string;
  nodeId: string;
  scheduledAt: Date;
  bizdate: string;
  parameters: Record<string, string>;
  status: "waitingTime" | "failed";
  frozen: boolean;
  dryRun: boolean;
  dryRunReason: string | null;
  notBefore: Date;
  message: string | null;
  endedAt: Date | null;
};

/** yyyy-MM-dd of an instant in a time zone. */
export function dayIn(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), "yyyy-MM-dd");
}

/** The calendar day `days` after `day` (yyyy-MM-dd), time-zone free. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** When the generation of `day` is due: 23:30 of the day before, in the time zone. */
export function generationDueAt(day: string, timeZone: string): Date {
  const [year, month, date] = addDays(day, -1).split("-").map(Number);
  return new Date(new TZDate(year, month - 1, date, generationHour, generationMinute, 0, timeZone).getTime());
}

/** The deployed scheduling properties, or null when they do not parse (Commit checks them, so only old or hand-made rows). */
export function deployedScheduling(stored: unknown): NodeScheduling | null {
  const parsed = nodeSchedulingSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * Caches what is the same for many nodes within one generation: the planned times of a cycle
 * on the day and the parameters of an argument string at a time. 10,000 daily nodes share a
 * few dozen cycles and argument strings, and TZDate arithmetic is the costly part.
 */
export function createPlanner(input: { day: string; timeZone: string; now: Date }) {
  const cycles = new Map<string, PlannedInstance[]>();
  const parameters = new Map<string, { bizdate: string; values: Record<string, string> } | { bizdate: string; values: Record<string, string>; error: string }>();

  // Parsed once per distinct text: most nodes share their properties with many others.
  const schedulings = new Map<string, NodeScheduling | null>();
  const schedulingOf = (stored: unknown) => {
    // Keyed without the dependencies, which differ from node to node and do not change the times.
    const timing = { ...((stored ?? {}) as Record<string, unknown>) };
    delete timing.dependencies;
    const key = JSON.stringify(timing);
    let parsed = schedulings.get(key);
    if (parsed === undefined) schedulings.set(key, (parsed = deployedScheduling(timing)));
    return parsed;
  };

  const plannedTimes = (scheduling: NodeScheduling) => {
    const key = JSON.stringify(scheduling.cycle);
    let planned = cycles.get(key);
    if (!planned) {
      // On the day clocks spring forward, two wall-clock times can fall on one instant
      // (02:00 moves to 03:00): that is one instance.
      const seen = new Set<number>();
      planned = instancesOnDay(scheduling.cycle, input.day, input.timeZone).filter((p) => !seen.has(p.at.getTime()) && seen.add(p.at.getTime()));
      cycles.set(key, planned);
    }
    return planned;
  };

  const parametersAt = (scheduledAt: Date, nodeArguments: string) => {
    const key = `${scheduledAt.getTime()} ${nodeArguments}`;
    let result = parameters.get(key);
    if (!result) {
      try {
        const resolved = instanceParameters({ scheduledAt, timeZone: input.timeZone, nodeArguments });
        result = { bizdate: resolved.bizdate, values: resolved.values };
      } catch (error) {
        if (!isSyncError(error) && !(error instanceof Error)) throw error;
        const base = instanceParameters({ scheduledAt, timeZone: input.timeZone, nodeArguments: "" });
        result = { bizdate: base.bizdate, values: base.values, error: unresolvedArgumentMessage(scheduledAt, nodeArguments, input.timeZone, error as Error) };
      }
      parameters.set(key, result);
    }
    return result;
  };

  /**
   * The rows of one node on the day. `expiredBefore`: Immediately After Deployment, where
   * instances earlier than deployment + 10 minutes are expired dry runs.
   */
  function rowsOf(node: DeployedNode, options: { expiredBefore?: Date } = {}): InstanceRow[] {
    const scheduling = schedulingOf(node.scheduling);
    if (!scheduling) return [];
    if (input.day < scheduling.validFrom || input.day > scheduling.validTo) return [];
    const frozen = node.frozen || scheduling.recurrence === "pause";
    return plannedTimes(scheduling).map((planned) => {
      const resolved = parametersAt(planned.at, node.arguments);
      const expired = options.expiredBefore !== undefined && planned.at < options.expiredBefore;
      const dryRunReason = expired
        ? dryRunReasons.expired
        : scheduling.recurrence === "dryRun"
          ? dryRunReasons.recurrence
          : planned.dryRun
            ? dryRunReasons.notChosen
            : null;
      const failed = "error" in resolved && dryRunReason === null;
      return {
        workspaceId: node.workspaceId,
        nodeId: node.nodeId,
        scheduledAt: planned.at,
        bizdate: resolved.bizdate,
        parameters: resolved.values,
        status: failed ? "failed" : "waitingTime",
        frozen,
        dryRun: dryRunReason !== null,
        dryRunReason,
        notBefore: planned.at,
        message: failed ? resolved.error : null,
        endedAt: failed ? input.now : null,
      };
    });
  }

  /** The scheduled times of the node's instances on the day (what rowsOf would generate), for the dependency edges. */
  function timesOf(node: { scheduling: unknown }): Date[] {
    const scheduling = schedulingOf(node.scheduling);
    if (!scheduling || input.day < scheduling.validFrom || input.day > scheduling.validTo) return [];
    return plannedTimes(scheduling).map((planned) => planned.at);
  }

  return { rowsOf, timesOf };
}

/** Names the first argument that does not resolve, with the engine's reason. */
function unresolvedArgumentMessage(scheduledAt: Date, nodeArguments: string, timeZone: string, error: Error): string {
  let pairs: { key: string; value: string }[] = [];
  try {
    pairs = parseNodeArguments(nodeArguments);
  } catch {
    return `The node's scheduling parameters cannot be read: ${error.message} Fix them in the Properties panel, commit and deploy, then rerun this instance.`;
  }
  for (let i = 1; i <= pairs.length; i++) {
    const prefix = pairs.slice(0, i).map((pair) => `${pair.key}=${pair.value}`).join(" ");
    try {
      instanceParameters({ scheduledAt, timeZone, nodeArguments: prefix });
    } catch (inner) {
      return `Argument ${pairs[i - 1].key} (${pairs[i - 1].value}) cannot be resolved: ${(inner as Error).message} Fix it in the Properties panel, commit and deploy, then rerun this instance.`;
    }
  }
  return `The node's scheduling parameters cannot be resolved: ${error.message}`;
}
