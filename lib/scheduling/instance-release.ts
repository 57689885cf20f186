import "server-only";
// Releasing children when a parent succeeds. An instance with a parent that has not
// succeeded is Not run (DataWorks' gray); the statements that make instances succeed (run
// sync, the dispatcher's dry runs, Set to Succeeded) then move those of its children whose
// parents have now all succeeded to Waiting for time. So the dispatcher looks only at
// instances waiting for their time, found through the (status, notBefore) index, instead
// of testing every Not run instance's parents on every tick: with a backfill of 10 dates
// x 1,000 nodes released that was 10,000 parent lookups a tick, over a second with a
// million instances in the table (npm run bench:scheduler). A child missed by a crash
// between the two statements is found by the dispatcher's sweep (once a minute).
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** notBefore of a backfill instance whose business date is not released yet: later than any real time. */
export const heldUntil = new Date("9999-01-01T00:00:00Z");

/** Moves the Not run children of `parentIds` whose parents all succeeded to waiting for their time; returns how many. */
export async function releaseChildren(parentIds: readonly string[], client: Prisma.TransactionClient = db): Promise<number> {
  if (!parentIds.length) return 0;
  // A backfill instance whose date is held stays held: the backfill tick releases it.
  return client.$executeRaw`
    UPDATE "Instance" c SET status = 'waitingTime'
     WHERE c.id IN (SELECT d."childId" FROM "InstanceDependency" d WHERE d."parentId" = ANY(${parentIds}::text[]))
       AND c.status = 'notRun' AND c."notBefore" <> ${heldUntil.toISOString()}::timestamp
       AND NOT EXISTS (SELECT 1 FROM "InstanceDependency" d JOIN "Instance" p ON p.id = d."parentId"
                        WHERE d."childId" = c.id AND p.status <> 'succeeded')`;
}

/**
 * The safety net: released Not run instances whose parents have all succeeded (a crash
 * between a success and its release of the children, a parent instance deleted), moved on
 * as releaseChildren would. It tests every such instance's parents, so the scheduler runs
 * it once a minute, not every tick.
 */
export async function releaseStrandedInstances(scope: { workspaceIds?: string[] }): Promise<number> {
  return db.$executeRaw`
    UPDATE "Instance" c SET status = 'waitingTime'
     WHERE c.status = 'notRun' AND c."notBefore" <> ${heldUntil.toISOString()}::timestamp
       ${scope.workspaceIds ? Prisma.sql`AND c."workspaceId" = ANY(${scope.workspaceIds}::text[])` : Prisma.empty}
       AND NOT EXISTS (SELECT 1 FROM "InstanceDependency" d JOIN "Instance" p ON p.id = d."parentId"
                        WHERE d."childId" = c.id AND p.status <> 'succeeded')`;
}
