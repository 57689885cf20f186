import { z } from "zod";
import { partitionLevelValueProblem, withoutParameters } from "@/lib/sync-engine/connectors/maxcompute/partition-filter";
import { concurrentSchema, errorLimitRecordSchema, mbpsSchema } from "@/lib/sync-engine/job-spec";
import { unusableParameterReferences } from "@/lib/sync-engine/scheduling-parameters";
import { nodeSchedulingSchema } from "@/lib/scheduling/node-scheduling";

const argumentPair = /^[A-Za-z_][A-Za-z0-9_]*=\S+$/;

/** Properties > Arguments: space-separated key=value pairs, such as `bizdate=$bizdate`. */
export const nodeArgumentsSchema = z
  .string()
  .trim()
  .max(1000, "Arguments must be at most 1000 characters.")
  .refine(
    (text) => text === "" || text.split(/\s+/).every((pair) => argumentPair.test(pair)),
    "Arguments are space-separated key=value pairs, for example bizdate=$bizdate.",
  );

export const saveSyncNodeSchema = z.object({
  nodeId: z.string().min(1),
  /**
   * The version the editor loaded (or last saved), null for a node never saved: a save
   * based on an older version than the newest is refused, so nobody overwrites another
   * person's save unseen.
   */
  baseVersion: z.number().int().min(1).nullable(),
  // A node may be saved half-configured (the data layer checks it with the engine's draft
  // schema: nothing invalid, only unfinished); Run checks the whole spec.
  jobSpec: z
    .record(z.string(), z.unknown())
    .refine((spec) => spec.type === "job", "The job spec must be an object with type \"job\"."),
  arguments: nodeArgumentsSchema,
  resourceGroupId: z.string().min(1).nullable(),
  // Properties > Schedule. Unlike the job spec nothing here may be unfinished: every field
  // has a value from the start, so a wrong one is refused on Save with its limit.
  scheduling: nodeSchedulingSchema.optional(),
  owner: z.string().trim().min(1, "Choose the node's owner.").optional(),
});
export type SaveSyncNodeInput = z.infer<typeof saveSyncNodeSchema>;

export const createTargetTableSchema = z.object({
  datasource: z.string().min(1, "Choose the Hologres connection first."),
  ddl: z.string().trim().min(1, "The statement is empty.").max(100_000),
});

/** Create Table's input: from a source table, or from what a relational reader's querySql returns. */
export const generateDdlSchema = z
  .object({
    sourceDatasource: z.string().min(1, "Choose the source connection first."),
    sourceTable: z.string().default(""),
    sourceQuerySql: z.string().default(""),
    /** Properties > Arguments, to resolve the querySql's parameters as Preview does. */
    nodeArguments: z.string().optional(),
    targetDatasource: z.string().min(1, "Choose the target connection first."),
    tableName: z.string().trim().min(1, "Type the name of the table to create.").max(200),
    partitionColumn: z.string().optional(),
  })
  .refine((form) => form.sourceTable.trim() || form.sourceQuerySql.trim(), { path: ["sourceTable"], message: "Choose the source table first, or write a querySql." });

export const channelFieldLabels = {
  concurrent: "Expected Maximum Concurrency",
  mbps: "Maximum rate",
  errorLimit: "Dirty Data Records Allowed",
} as const;
export type ChannelField = keyof typeof channelFieldLabels;

/**
 * The Channel step's form as the wizard holds it (the boxes hold text). Its values parse
 * with the engine's own schemas for `setting.speed` and `setting.errorLimit`, so what the
 * form accepts is what the engine runs, and Script mode never refuses a saved spec.
 */
export const channelFormSchema = z
  .object({
    concurrent: concurrentSchema,
    throttle: z.boolean(),
    /** Only read when throttling is on. */
    mbps: z.string(),
    /** Empty: no limit. */
    errorLimit: errorLimitRecordSchema,
  })
  .superRefine((channel, ctx) => {
    if (!channel.throttle) return;
    for (const issue of mbpsSchema.safeParse(channel.mbps).error?.issues ?? []) ctx.addIssue({ code: "custom", path: ["mbps"], message: issue.message });
  });

/** The Channel form's errors as sentences under their fields: "Maximum rate must be ...". */
export function channelFieldErrors(channel: z.input<typeof channelFormSchema>): Partial<Record<ChannelField, string>> {
  const errors: Partial<Record<ChannelField, string>> = {};
  for (const issue of channelFormSchema.safeParse(channel).error?.issues ?? []) {
    const field = issue.path[0] as ChannelField;
    if (field in channelFieldLabels) errors[field] ??= `${channelFieldLabels[field]} ${issue.message}.`;
  }
  return errors;
}

/**
 * What is wrong with the value typed into one source partition level's box, or null. A box
 * takes one value, pattern or parameter for its own level: `20261129,sale_time=09` in the
 * first box would be a filter of its own that overrides the second box.
 */
export function partitionLevelError(column: string, value: string): string | null {
  const problem = partitionLevelValueProblem(value);
  if (problem) {
    return `Partition ${column} takes one value, pattern or parameter, such as 20261129, 202611*, * or \${bizdate}; ${problem} is not allowed (each level has its own box).`;
  }
  const unusable = unusableParameterReferences(value)[0];
  return unusable ? `Partition ${column}: ${unusable.problem}.` : null;
}

/** The same for the target partition's box: one value or parameter, no pattern (rows go to one partition). */
export function targetPartitionError(column: string, value: string): string | null {
  const wildcard = /[*?]/.exec(withoutParameters(value));
  const problem = partitionLevelValueProblem(value) ?? (wildcard ? `"${wildcard[0]}"` : null);
  if (problem) return `The target partition ${column} takes one value or parameter, such as 20261129 or \${bizdate}; ${problem} is not allowed.`;
  const unusable = unusableParameterReferences(value)[0];
  return unusable ? `The target partition ${column}: ${unusable.problem}.` : null;
}
