import "server-only";
import { ConsoleError } from "@/lib/console-error";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Names of data sources, workflows, nodes, resource groups and workspaces are unique
 * without regard to case: `WALK_HOLO` next to `walk_holo` would be two objects that some
 * lookups (MaxCompute and Hologres names, people reading a list) take for one. The unique
 * indexes compare exact text, so each create or rename looks for a name equal under
 * `lower()` inside a transaction, after taking a transaction-scoped advisory lock on
 * (scope, lowercased name): two requests creating `Sales` and `sales` at once queue on the
 * same lock, and the second one sees the first one's row.
 */
export async function lockObjectName(tx: Prisma.TransactionClient, input: { scope: string; name: string }): Promise<void> {
  // A hash collision only makes two unrelated names wait for each other, never wrong.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${input.scope}:${input.name.toLowerCase()}`}, 0))`;
}

/**
 * The refusal: `kind` ("data source"), the name asked for and the existing one it clashes
 * with, where (" in this workspace") and why it counts there (`scope`). When the two names
 * differ only in case, it says that names are compared without case.
 */
export function nameTakenError(input: { kind: string; wanted: string; existing: string; where?: string; scope?: string }): ConsoleError {
  const notes = [input.scope, input.existing === input.wanted ? undefined : "names are compared without case"].filter(Boolean);
  const why = notes.length ? ` (${notes.join("; ")})` : "";
  return new ConsoleError("NAME_TAKEN", `A ${input.kind} named "${input.existing}" already exists${input.where ?? ""}${why}. Choose another name.`, "name");
}
