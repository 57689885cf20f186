// A Data Backfill request (DataWorks' Data Backfill / API RunCycleDagNodes and
// CreateWorkflowInstances) and the business dates and instance times it gives. Pure
// logic, first piece of #13's backfill; nothing creates backfill instances yet.
// Facts: shared/notes/dataworks-scheduling-facts.md section 3.3 and section 5.
import { TZDate } from "@date-fns/tz";
import { addDays, eachDayOfInterval, format, parseISO } from "date-fns";
import { z } from "zod";
import { instancesOnDay, type SchedulingCycle } from "./scheduling-cycle";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as yyyy-MM-dd.");
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time of day as HH:mm.");

/** DataWorks allows up to 7 business-date ranges in one backfill. */
export const maxBackfillRanges = 7;

export const backfillRequestSchema = z
  .object({
    scope: z.enum(["currentNode", "currentAndDescendants"]),
    ranges: z
      .array(z.object({ start: isoDate, end: isoDate }))
      .min(1, "Add a business-date range.")
      .max(maxBackfillRanges, `A backfill takes at most ${maxBackfillRanges} business-date ranges.`),
    // For hourly and minute nodes: only the instances whose time of day is in the window.
    window: z.object({ start: clockTime, end: clockTime }).nullable(),
    // 1: one business date after another; 2-10: that many business dates at once.
    parallelism: z.number().int().min(1, "Parallelism must be 1 to 10.").max(10, "Parallelism must be 1 to 10."),
    order: z.enum(["asc", "desc"]),
    // Future business dates: run now (true) or wait for their scheduled time.
    runFutureNow: z.boolean(),
  })
  .superRefine((value, context) => {
    value.ranges.forEach((range, index) => {
      if (range.end < range.start) {
        context.addIssue({ code: "custom", path: ["ranges", index, "end"], message: `Range ${index + 1} ends before it starts: the end date must be on or after ${range.start}.` });
      }
    });
    if (value.window && value.window.end < value.window.start) {
      context.addIssue({ code: "custom", path: ["window", "end"], message: "The time window ends before it starts." });
    }
  });
export type BackfillRequest = z.infer<typeof backfillRequestSchema>;

/** The business dates (yyyy-MM-dd) of a backfill, each once, in the chosen order. */
export function backfillBusinessDates(request: Pick<BackfillRequest, "ranges" | "order">): string[] {
  const dates = new Set<string>();
  for (const range of request.ranges) {
    for (const day of eachDayOfInterval({ start: parseISO(range.start), end: parseISO(range.end) })) dates.add(format(day, "yyyy-MM-dd"));
  }
  const sorted = [...dates].sort();
  return request.order === "desc" ? sorted.reverse() : sorted;
}

/**
 * The instance times of one node for one business date: the node's cycle on the day after
 * the business date (DataWorks: `$[...]` is the business date + 1 day at the node's time),
 * cut to the time window. Week, month and year cycles give their one daily instance, a dry
 * run on days not chosen, as scheduled instances do.
 */
export function backfillInstanceTimes(input: {
  cycle: SchedulingCycle;
  bizdate: string;
  timeZone: string;
  window: BackfillRequest["window"];
}): { at: Date; dryRun: boolean }[] {
  const day = format(addDays(parseISO(input.bizdate), 1), "yyyy-MM-dd");
  const planned = instancesOnDay(input.cycle, day, input.timeZone);
  if (!input.window || !["minute", "hour", "hours"].includes(input.cycle.type)) return planned;
  const { start, end } = input.window;
  return planned.filter((instance) => {
    const time = format(new TZDate(instance.at.getTime(), input.timeZone), "HH:mm");
    return time >= start && time <= end;
  });
}

/**
 * Which business dates may start now: with parallelism N, the next dates in order while
 * fewer than N are unfinished. `finished` holds dates whose instances all ended.
 */
export function backfillDatesToStart(input: { dates: readonly string[]; started: ReadonlySet<string>; finished: ReadonlySet<string>; parallelism: number }): string[] {
  const active = input.dates.filter((date) => input.started.has(date) && !input.finished.has(date)).length;
  const room = Math.max(0, input.parallelism - active);
  return input.dates.filter((date) => !input.started.has(date)).slice(0, room);
}

/** One backfill instance for the cross-cycle rule: its node, business date (yyyyMMdd) and scheduled time (epoch ms). */
export type BackfillInstanceTime = { id: string; nodeId: string; bizdate: string; at: number };

/**
 * Cross-cycle dependencies inside a backfill. A node that waits for a previous cycle (its
 * own, its first-level children's or named nodes') waits, in a backfill, for the waited-for
 * node's instance just before it in the backfill's order: business dates in the chosen
 * order, then time of day. So a self-dependent node runs its instances one after another in
 * the chosen order, whatever the parallelism (an hourly node hour after hour, date after
 * date), and a first-level-children dependency waits for the children's instances of the
 * date before. Other nodes' instances of its own date are never waited for (they run after
 * it when they are its children: waiting for them would never end). The first instance waits
 * for nothing outside the backfill, as same-cycle parents outside it are not waited for.
 * `waitedFor` maps a node to the nodes whose previous instance it waits for (itself for
 * self-dependency); nodes not in the backfill are left out. Dates always go back in release
 * order, so an edge never waits for a date that is released later.
 */
export function backfillCrossCycleParents(input: {
  instances: readonly BackfillInstanceTime[];
  /** The backfill's business dates (yyyyMMdd) in release order. */
  dates: readonly string[];
  waitedFor: ReadonlyMap<string, readonly string[]>;
}): { childId: string; parentId: string }[] {
  const rank = new Map(input.dates.map((date, index) => [date, index]));
  const before = (a: BackfillInstanceTime, b: BackfillInstanceTime) => rank.get(a.bizdate)! - rank.get(b.bizdate)! || a.at - b.at;
  const byNode = new Map<string, BackfillInstanceTime[]>();
  for (const instance of input.instances) {
    let list = byNode.get(instance.nodeId);
    if (!list) byNode.set(instance.nodeId, (list = []));
    list.push(instance);
  }
  for (const list of byNode.values()) list.sort(before);
  // Per node, its last instance of any date ranked below r: lastBefore[r].
  const lastBeforeOf = (nodeId: string) => {
    const lastBefore: (BackfillInstanceTime | undefined)[] = [undefined];
    const list = byNode.get(nodeId) ?? [];
    for (let r = 1, i = 0; r <= input.dates.length; r++) {
      let last = lastBefore[r - 1];
      while (i < list.length && rank.get(list[i]!.bizdate)! < r) last = list[i++];
      lastBefore.push(last);
    }
    return lastBefore;
  };
  const edges: { childId: string; parentId: string }[] = [];
  for (const [nodeId, others] of input.waitedFor) {
    const own = byNode.get(nodeId) ?? [];
    for (const other of new Set(others)) {
      if (other === nodeId) {
        own.forEach((instance, index) => index > 0 && edges.push({ childId: instance.id, parentId: own[index - 1]!.id }));
        continue;
      }
      const lastBefore = lastBeforeOf(other);
      for (const instance of own) {
        const previous = lastBefore[rank.get(instance.bizdate)!];
        if (previous) edges.push({ childId: instance.id, parentId: previous.id });
      }
    }
  }
  return edges;
}
