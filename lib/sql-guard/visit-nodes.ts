/**
 * Calls `visit` for every node below `tree`, depth first. libpg-query's JSON wraps a node
 * in an object with one property named after its type (`{ FuncCall: { ... } }`); field
 * names start with a lower-case letter (`targetList`, `ctequery`), so a property that
 * starts with an upper-case letter is a node. Walking every property, rather than the
 * fields known to hold expressions, means a node in a place nobody thought of (a function
 * in a CTE, in FROM, in a cast, in a window clause) is still seen.
 */
export function visitNodes(tree: unknown, visit: (type: string, body: Record<string, unknown>) => void): void {
  if (Array.isArray(tree)) {
    for (const item of tree) visitNodes(item, visit);
    return;
  }
  if (tree === null || typeof tree !== "object") return;
  for (const [key, value] of Object.entries(tree)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && /^[A-Z]/.test(key)) {
      visit(key, value as Record<string, unknown>);
    }
    visitNodes(value, visit);
  }
}

/** The text of a `String` node, or undefined for any other node. */
export function stringValue(node: unknown): string | undefined {
  const wrapped = node as { String?: { sval?: string } } | null;
  return wrapped?.String?.sval;
}

/** A dotted name from a list of `String` nodes (`pg_catalog.pg_read_file` -> ["pg_catalog", "pg_read_file"]). */
export function nameParts(list: unknown): string[] {
  return Array.isArray(list) ? list.map(stringValue).filter((part): part is string => part !== undefined) : [];
}
