// A node's scheduling properties (DataWorks' Properties > Schedule) and the workspace's
// defaults for new nodes. One zod schema, shared by the Properties panel, the server
// actions, Commit and the scheduler. Facts and labels: shared/notes/dataworks-scheduling-facts.md
// sections 1.4 to 1.9.
import { z } from "zod";
import { emptyDependencies, nodeDependenciesSchema } from "./node-dependencies";
import { schedulingCycleSchema } from "./scheduling-cycle";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as yyyy-MM-dd, such as 2026-12-01.");

export const instanceGenerationModes = ["nextDay", "immediately"] as const;
export const instanceGenerationModeLabels: Record<(typeof instanceGenerationModes)[number], string> = {
  nextDay: "Next Day",
  immediately: "Immediately After Deployment",
};

// DataWorks' UI calls pausing "Skip Execution" (the instance is frozen, counts as failed and
// blocks what waits on it) while its API calls a dry run SKIP: we name them by meaning.
export const recurrences = ["normal", "pause", "dryRun"] as const;
export const recurrenceLabels: Record<(typeof recurrences)[number], string> = {
  normal: "Normal",
  pause: "Skip Execution",
  dryRun: "Dry Run",
};

export const rerunPolicies = ["allAllowed", "failureAllowed", "allDenied"] as const;
export const rerunPolicyLabels: Record<(typeof rerunPolicies)[number], string> = {
  allAllowed: "Allow Regardless of Running Status",
  failureAllowed: "Allow upon Failure Only",
  allDenied: "Disallow Regardless of Running Status",
};

/** 168 hours, DataWorks' largest manual timeout. */
export const maxTimeoutMinutes = 168 * 60;
/** The timeout of a node that sets none (DataWorks says "3 to 7 days"; we choose 3 days). */
export const defaultTimeoutMinutes = 72 * 60;

export const autoRerunSchema = z.object({
  times: z.number().int().min(1, "Auto rerun times must be 1 to 10.").max(10, "Auto rerun times must be 1 to 10."),
  intervalMinutes: z
    .number()
    .int()
    .min(1, "The rerun interval must be 1 to 30 minutes.")
    .max(30, "The rerun interval must be 1 to 30 minutes."),
});

export const nodeSchedulingSchema = z
  .object({
    instanceGenerationMode: z.enum(instanceGenerationModes),
    recurrence: z.enum(recurrences),
    cycle: schedulingCycleSchema,
    validFrom: isoDate,
    validTo: isoDate,
    // Null: the default timeout (defaultTimeoutMinutes).
    timeoutMinutes: z
      .number()
      .int()
      .min(1, "The timeout must be at least 1 minute.")
      .max(maxTimeoutMinutes, "The timeout can be at most 168 hours.")
      .nullable(),
    rerun: z.enum(rerunPolicies),
    // Null: no automatic rerun.
    autoRerun: autoRerunSchema.nullable(),
    // Outputs, parents and cross-cycle setting (node-dependencies.ts); absent on nodes
    // saved before dependencies existed: no parents (the root node).
    dependencies: nodeDependenciesSchema.default(emptyDependencies),
  })
  .superRefine((value, context) => {
    if (value.validTo < value.validFrom) {
      context.addIssue({ code: "custom", path: ["validTo"], message: "The validity period ends before it starts: choose an end date on or after the start date." });
    }
    if (value.rerun === "allDenied" && value.autoRerun) {
      context.addIssue({ code: "custom", path: ["autoRerun"], message: "Auto Rerun upon Failure is unavailable when Rerun is Disallow Regardless of Running Status." });
    }
    const cycle = value.cycle;
    if ((cycle.type === "minute" || cycle.type === "hour") && cycle.end < cycle.start) {
      context.addIssue({ code: "custom", path: ["cycle", "end"], message: "The end time is before the start time." });
    }
  });
export type NodeScheduling = z.infer<typeof nodeSchedulingSchema>;

export const workspaceSchedulingDefaultsSchema = z.object({
  rerun: z.enum(rerunPolicies).default("allAllowed"),
  autoRerun: autoRerunSchema.nullable().default({ times: 3, intervalMinutes: 2 }),
  // The time of a new node's daily cycle; absent: a random minute between 00:00 and 00:30,
  // as DataWorks chooses.
  dailyTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
});
export type WorkspaceSchedulingDefaults = z.infer<typeof workspaceSchedulingDefaultsSchema>;

/** A new node's scheduling properties from the workspace's defaults. */
export function defaultNodeScheduling(defaults: unknown, random: () => number = Math.random): NodeScheduling {
  const parsed = workspaceSchedulingDefaultsSchema.safeParse(defaults ?? {});
  const workspace = parsed.success ? parsed.data : workspaceSchedulingDefaultsSchema.parse({});
  const minute = Math.floor(random() * 31);
  return {
    instanceGenerationMode: "nextDay",
    recurrence: "normal",
    cycle: { type: "day", time: workspace.dailyTime ?? `00:${String(minute).padStart(2, "0")}` },
    validFrom: "1970-01-01",
    validTo: "9999-01-01",
    timeoutMinutes: null,
    rerun: workspace.rerun,
    autoRerun: workspace.rerun === "allDenied" ? null : workspace.autoRerun,
    dependencies: emptyDependencies(),
  };
}

/** The node's stored scheduling, or the defaults when it has none yet ("{}" on old rows). */
export function nodeSchedulingOrDefault(stored: unknown, workspaceDefaults: unknown): NodeScheduling {
  const parsed = nodeSchedulingSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultNodeScheduling(workspaceDefaults, () => 0);
}
