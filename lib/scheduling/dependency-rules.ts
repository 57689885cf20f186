// DataWorks' rules for which instances of a parent node an instance waits for (first piece
// of #13; nothing wires them into the dispatcher yet). Pure functions over scheduled
// times, so the rules are tables of cases. Facts: shared/notes/dataworks-scheduling-facts.md
// sections 2.3 and 2.4.

/** One instance of a node on a day, by its scheduled time (epoch ms) and an id. */
export type PlannedTime = { id: string; at: number };

/**
 * Same-cycle dependencies between two nodes' instances of one day, by DataWorks'
 * scheduling-time proximity principle:
 *
 * - A parent with one instance a day (day, week, month, year): every child instance waits
 *   for it.
 * - A child with one instance a day waits for all of the day's parent instances ("the
 *   daily node depends on all instances of the hourly node for that day by default").
 * - Both several a day (hour on minute, hour on hour ...): each parent instance serves the
 *   first child instance whose time is not earlier than its own, so no parent instance
 *   serves two children; a child instance that no parent instance serves waits for the
 *   parent instance closest to but not later than its own time, or, when every parent
 *   instance is later, for the first one (the documented exception). Parent instances
 *   after the last child instance serve the last child, so none is left out of the day.
 *
 * The last rule is our reading: DataWorks documents the principle and the daily-on-hourly
 * default, not every pair; the README says so.
 */
export function sameCycleParents(child: readonly PlannedTime[], parent: readonly PlannedTime[]): Map<string, string[]> {
  const result = new Map<string, string[]>(child.map((instance) => [instance.id, []]));
  if (!child.length || !parent.length) return result;
  const children = [...child].sort((a, b) => a.at - b.at);
  const parents = [...parent].sort((a, b) => a.at - b.at);

  if (parents.length === 1) {
    for (const instance of children) result.get(instance.id)!.push(parents[0]!.id);
    return result;
  }
  if (children.length === 1) {
    result.set(children[0]!.id, parents.map((instance) => instance.id));
    return result;
  }

  const last = children[children.length - 1]!;
  for (const instance of parents) {
    const served = children.find((candidate) => candidate.at >= instance.at) ?? last;
    result.get(served.id)!.push(instance.id);
  }
  for (const instance of children) {
    const own = result.get(instance.id)!;
    if (own.length) continue;
    const earlier = parents.filter((candidate) => candidate.at <= instance.at);
    own.push((earlier[earlier.length - 1] ?? parents[0]!).id);
  }
  return result;
}

/**
 * The previous-cycle instance of an instance among a node's instances (any days): the one
 * scheduled last before it. Null for the node's first instance: a self-dependent node's
 * first instance does not wait (Airflow's depends_on_past rule; DolphinScheduler's issue
 * #4422 shows what waiting forever looks like).
 */
export function previousCycleInstance(instances: readonly PlannedTime[], of: PlannedTime): PlannedTime | null {
  let previous: PlannedTime | null = null;
  for (const candidate of instances) {
    if (candidate.at < of.at && (!previous || candidate.at > previous.at)) previous = candidate;
  }
  return previous;
}

/**
 * A dependency cycle among nodes, as the node ids along it (the first repeated at the
 * end), or null. Edges go from a child to its parents. Iterative DFS so a long chain
 * does not overflow the stack.
 */
export function findDependencyCycle(parentsOf: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  for (const start of parentsOf.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const path: string[] = [start];
    state.set(start, "visiting");
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      const parents = parentsOf.get(frame.node) ?? [];
      if (frame.next >= parents.length) {
        state.set(frame.node, "done");
        stack.pop();
        path.pop();
        continue;
      }
      const parent = parents[frame.next++]!;
      const seen = state.get(parent);
      if (seen === "visiting") return [...path.slice(path.indexOf(parent)), parent];
      if (seen === "done") continue;
      state.set(parent, "visiting");
      stack.push({ node: parent, next: 0 });
      path.push(parent);
    }
  }
  return null;
}
