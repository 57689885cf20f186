// What Commit checks (the Run checks plus the scheduling properties) and what Deploy may
// take, as plain functions: lib/data/node-versions.ts stores the result, the Properties
// panel and the Deploy page show it. The order of events is in README.md here.
import { safeParseJobSpec } from "@/lib/sync-engine/job-spec";
import { resolveJob } from "@/lib/sync-engine/runner";
import { isSyncError } from "@/lib/sync-engine/sync-error";
import { instanceParameters } from "./instance-parameters";
import { nodeSchedulingSchema, type NodeScheduling } from "./node-scheduling";
import { schedulingFieldErrors } from "./scheduling-field-errors";

/** One thing that stops a commit: where (a job spec path, `arguments` or `scheduling.<field>`) and what to do. */
export type CommitProblem = { path: string; message: string };

/**
 * The checks of Run that need no database, on what would be committed: the job spec is
 * complete for the engine, its parameters resolve as a scheduled instance's would (bizdate
 * and cyctime of an instance at `now` in the workspace's time zone, with the node's
 * arguments), and the scheduling properties are valid. Data sources are checked against
 * the workspace by the caller.
 */
export function commitProblems(input: { jobSpec: unknown; arguments: string; scheduling: unknown; timeZone: string; now?: Date }): CommitProblem[] {
  const problems: CommitProblem[] = [];
  const parsed = safeParseJobSpec(input.jobSpec);
  if (!parsed.ok) {
    problems.push(...parsed.issues.map((issue) => ({ path: issue.path, message: issue.message })));
  } else {
    try {
      const { values } = instanceParameters({ scheduledAt: input.now ?? new Date(), timeZone: input.timeZone, nodeArguments: input.arguments });
      resolveJob(input.jobSpec, { parameters: values });
    } catch (error) {
      if (!isSyncError(error)) throw error;
      problems.push({ path: "arguments", message: error.message });
    }
  }
  for (const [field, message] of Object.entries(schedulingFieldErrors(input.scheduling))) {
    problems.push({ path: `scheduling.${field}`, message });
  }
  return problems;
}

/** The scheduling a commit stores: what the schema made of it (throws when invalid; check first). */
export function committedScheduling(scheduling: unknown): NodeScheduling {
  return nodeSchedulingSchema.parse(scheduling);
}

/** The first commit of a node creates it in production; every later one changes it (DataWorks' change types). */
export function changeTypeOf(previousCommits: number): "create" | "change" {
  return previousCommits === 0 ? "create" : "change";
}

export type VersionStatus = "production" | "deployed" | "notDeployed";

/** A committed version's status on the Versions list: Not Deployed, Deployed, or Deployed and in production now. */
export function versionStatus(version: { id: string; deployedAt: Date | string | null }, deployedVersionId: string | null): VersionStatus {
  if (version.id === deployedVersionId) return "production";
  return version.deployedAt ? "deployed" : "notDeployed";
}

/**
 * Whether a version may be deployed: only a node's newest commit, and only once. Deploying
 * an older commit over a newer one would put into production what its author replaced.
 */
export function deployRefusal(input: { version: number; deployedAt: Date | null; newestVersion: number; nodeName: string }): string | null {
  if (input.deployedAt) return `Version ${input.version} of node "${input.nodeName}" is already deployed.`;
  if (input.version !== input.newestVersion) {
    return `Version ${input.version} of node "${input.nodeName}" is not its newest commit (version ${input.newestVersion} is): deploy that one.`;
  }
  return null;
}
