import { ConsoleError } from "@/lib/console-error";
import { deniedFunction } from "./denied-functions";
import { functionCalls } from "./function-calls";
import { parseSql, unwrapNode } from "./parse-sql";
import { statementKeyword } from "./statement-keyword";
import { visitNodes } from "./visit-nodes";

/** The one statement the Query page may run. */
export type ReadOnlyStatement = {
  /** The statement's text, without a trailing `;`. */
  text: string;
  /**
   * `cursor` for a query (SELECT, WITH, VALUES, TABLE): a cursor is declared for it and
   * its rows are fetched in batches, so the row and byte caps hold without reading
   * everything. `direct` for SHOW and EXPLAIN, whose output is a few rows.
   */
  run: "cursor" | "direct";
};

// The wording the Query page and its browser test already use.
const readOnlyStatementList = "SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN";

const dataModifying = new Set(["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"]);

const refuse = (message: string) => new ConsoleError("INVALID", message, "sql");

function isExplainAnalyze(options: unknown): boolean {
  return (Array.isArray(options) ? options : []).some((option) => {
    const { type, body } = unwrapNode(option);
    return type === "DefElem" && body.defname === "analyze";
  });
}

/** How the top-level statement runs, or a refusal naming it. */
function runKindOf(type: string, body: Record<string, unknown>): ReadOnlyStatement["run"] {
  // TABLE x and VALUES (...) parse as SelectStmt too.
  if (type === "SelectStmt") return "cursor";
  if (type === "VariableShowStmt") return "direct";
  if (type === "ExplainStmt") {
    const explained = unwrapNode(body.query);
    if (explained.type === "SelectStmt") return "direct";
    const keyword = statementKeyword(explained.type);
    throw refuse(
      isExplainAnalyze(body.options)
        ? `EXPLAIN ANALYZE runs the statement it explains, and ${keyword} can change data or the schema, so it was not sent to the database.`
        : `Only EXPLAIN of a query runs here; ${keyword} can change data or the schema, so it was not sent to the database.`,
    );
  }
  throw refuse(
    `Only read-only statements run here (${readOnlyStatementList}). "${statementKeyword(type)}" can change data or the schema, so it was not sent to the database.`,
  );
}

/**
 * Parses the Query page's SQL with PostgreSQL's parser and refuses, before it reaches the
 * server, anything but one read-only statement: a query, SHOW, or EXPLAIN of a query; no
 * data-modifying WITH, no SELECT INTO, no FOR UPDATE/SHARE, and no call of a denied
 * function (server files, other sessions, settings, large objects, dblink, ...) anywhere
 * in it. The READ ONLY transaction the statement then runs in stays as a second guard.
 */
export async function checkReadOnlyQuery(sql: string): Promise<ReadOnlyStatement> {
  const statements = await parseSql(sql, "sql");
  if (statements.length === 0) throw refuse("Write a SELECT statement to run.");
  if (statements.length > 1) throw refuse(`Run one statement at a time: the text holds ${statements.length} statements.`);
  const [statement] = statements as [(typeof statements)[number]];
  const run = runKindOf(statement.type, statement.body);

  visitNodes(statement.node, (type, body) => {
    if (dataModifying.has(type)) {
      throw refuse(`The statement contains ${statementKeyword(type)} (a data-modifying WITH), which changes data. Only read-only statements run here.`);
    }
    if (type === "LockingClause") throw refuse("FOR UPDATE and FOR SHARE lock rows other sessions may be waiting for. Remove the locking clause: the Query page only reads.");
    if (type === "SelectStmt" && body.intoClause) throw refuse("SELECT ... INTO creates a table. Remove INTO: the Query page only reads.");
  });

  for (const call of functionCalls(statement.node)) {
    const denied = deniedFunction(call.name);
    if (!denied) continue;
    const notation = call.written === "field" ? ` (written as a field, ".${call.name}", which PostgreSQL runs as a function call)` : "";
    throw refuse(`${denied}${notation}; the Query page only reads tables, so the statement was not sent to the database.`);
  }
  return { text: statement.text, run };
}
