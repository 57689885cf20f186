import { hasSqlDetails, loadModule, parseSync, type Node, type ParseResult } from "libpg-query";
import { ConsoleError } from "@/lib/console-error";

/** One statement of a parsed text. */
export type ParsedStatement = {
  /** The statement's node as libpg-query gives it, e.g. `{ SelectStmt: { ... } }`. */
  node: Node;
  /** The node's type (`SelectStmt`, `CreateStmt`, ...) and its fields. */
  type: string;
  body: Record<string, unknown>;
  /** The statement's own source text, without the `;` that ends it. */
  text: string;
};

// The parser is PostgreSQL's own, compiled to WASM: loading it takes a few milliseconds
// and a few MB, so it is loaded on first use and then shared by every parse.
let loading: Promise<void> | undefined;

/** The one property of a node object, as `{ type, body }`. */
export function unwrapNode(node: unknown): { type: string; body: Record<string, unknown> } {
  const [entry] = Object.entries(node as Record<string, Record<string, unknown>>);
  if (!entry) throw new Error("An empty node in the parse tree.");
  return { type: entry[0], body: entry[1] };
}

/** Line and column (both from 1) of a character offset, for error messages. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  // PostgreSQL counts characters (code points), not UTF-16 units.
  const before = Array.from(text).slice(0, offset).join("");
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Parses SQL text with PostgreSQL's parser and returns its statements, each with its own
 * source text. A syntax error becomes a field error with the parser's message and where
 * it is, so the user sees the same message the server would give.
 */
export async function parseSql(sql: string, field: "sql" | "ddl"): Promise<ParsedStatement[]> {
  if (sql.trim() === "") return [];
  await (loading ??= loadModule());
  let tree: ParseResult;
  try {
    tree = parseSync(sql) as ParseResult;
  } catch (error) {
    if (!hasSqlDetails(error)) throw error;
    const { line, column } = lineAndColumn(sql, error.sqlDetails.cursorPosition);
    throw new ConsoleError("INVALID", `The SQL does not parse: ${error.sqlDetails.message} (line ${line}, column ${column}). Correct it and run it again.`, field);
  }
  // stmt_location and stmt_len count UTF-8 bytes, not characters: cut the bytes. The last
  // statement has no length; it runs to the end of the text.
  const bytes = Buffer.from(sql, "utf8");
  return (tree.stmts ?? []).map((raw) => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const node = raw.stmt as Node;
    return { node, ...unwrapNode(node), text: bytes.subarray(start, end).toString("utf8").trim() };
  });
}
