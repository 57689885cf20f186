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
 * with, and where (" in this workspace"). When the two differ only in case, it says why.
 */
export function nameTakenError(input: { kind: string; wanted: string; existing: string; where?: string }): ConsoleError {
  const where = input.where ?? "";
  const message =
    input.existing === input.wanted
      ? `A ${input.kind} named "${input.existing}" already exists${where}. Choose another name.`
      : `A ${input.kind} named "${input.existing}" already exists${where} (names are compared without case, so "${input.wanted}" is the same name). Choose another name.`;
  return new ConsoleError("NAME_TAKEN", message, "name");
}
