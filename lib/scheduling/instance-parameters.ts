// The parameter values of an instance, fixed when it is generated (DataWorks: "a scheduling
// parameter's replacement value is determined when the instance is generated"): bizdate,
// cyctime and the node's arguments resolved against them, in the workspace's time zone.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { createParameterResolver, parseNodeArguments } from "@/lib/sync-engine/scheduling-parameters";

export type InstanceParameters = {
  /** yyyymmdd: the day before the scheduled time, in the time zone. */
  bizdate: string;
  /** yyyymmddhh24miss: the scheduled time as a wall clock in the time zone. */
  cyctime: string;
  /** bizdate, cyctime and every argument of the node, resolved. */
  values: Record<string, string>;
};

/**
 * Resolves an instance's parameters. `bizdate` may be given (a test or backfill instance
 * for a chosen business date); otherwise it is the day before `scheduledAt`. Throws the
 * engine's SyncError (UNRESOLVED_PARAMETER, ...) when an argument cannot be resolved.
 */
export function instanceParameters(input: { scheduledAt: Date; timeZone: string; nodeArguments: string; bizdate?: string }): InstanceParameters {
  const wallClock = new TZDate(input.scheduledAt.getTime(), input.timeZone);
  const cyctime = format(wallClock, "yyyyMMddHHmmss");
  const bizdate = input.bizdate ?? format(new TZDate(wallClock.getFullYear(), wallClock.getMonth(), wallClock.getDate() - 1, input.timeZone), "yyyyMMdd");
  const resolver = createParameterResolver({ parameters: { bizdate, cyctime }, nodeArguments: input.nodeArguments });
  const values: Record<string, string> = {};
  for (const { key, value } of parseNodeArguments(input.nodeArguments)) values[key] = resolver.resolve(value);
  return { bizdate, cyctime, values: { ...values, bizdate, cyctime } };
}

/** The server's IANA time zone, the default of a workspace that sets none. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The time zone the scheduler reads a workspace's cycles in. */
export function workspaceTimeZone(workspace: { schedulingTimeZone: string }): string {
  return workspace.schedulingTimeZone || serverTimeZone();
}

/** Whether `name` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
