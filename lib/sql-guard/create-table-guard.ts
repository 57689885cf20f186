import type { CreateStmt, FuncCall, RangeVar } from "libpg-query";
import { ConsoleError } from "@/lib/console-error";
import { formatQualifiedName, identifierLengthProblem, parseQualifiedName, type QualifiedName } from "@/lib/sync-engine/sql-identifier";
import { functionCalls } from "./function-calls";
import { hologresTableProperties } from "./hologres-table-properties";
import { parseSql, unwrapNode, type ParsedStatement } from "./parse-sql";
import { nameParts, visitNodes } from "./visit-nodes";

/** What the Create Table dialog will run, once its DDL has passed the check. */
export type CreateTablePlan = {
  /** The table the DDL creates; an unqualified name is in `public`. */
  table: QualifiedName;
  /** The statements to run in order, each on its own; BEGIN and COMMIT are left out, as the runner opens its own transaction. */
  statements: string[];
};

/**
 * The schema an unqualified name is in. The runner sets `search_path` to it for the
 * transaction, so the server resolves `t` exactly as this check did.
 */
export const unqualifiedNameSchema = "public";

/**
 * Functions a column DEFAULT, CHECK, GENERATED column or partition key may call: they
 * compute a value from their arguments or the clock, and read no table, file or setting.
 * A default is evaluated later, on every insert by the sync, so anything else (nextval of
 * another table's sequence, a function that reads files) is refused; `serial` and
 * `GENERATED ... AS IDENTITY` give a column its own sequence.
 */
const expressionFunctions = new Set([
  "now",
  "clock_timestamp",
  "statement_timestamp",
  "transaction_timestamp",
  "timezone",
  "date_trunc",
  "date_part",
  "extract",
  "make_date",
  "make_timestamp",
  "make_timestamptz",
  "to_char",
  "to_date",
  "to_timestamp",
  "to_number",
  "gen_random_uuid",
  "length",
  "char_length",
  "character_length",
  "octet_length",
  "lower",
  "upper",
  "btrim",
  "ltrim",
  "rtrim",
  "substring",
  "substr",
  "replace",
  "concat",
  "concat_ws",
  "left",
  "right",
  "abs",
  "round",
  "floor",
  "ceil",
  "ceiling",
  "trunc",
  "mod",
]);

// Column and table constraints that only describe the new table. REFERENCES is refused: a
// foreign key locks the referenced table and adds triggers to it. EXCLUDE is refused too:
// Hologres has no exclusion constraints and it takes operator classes from anywhere.
const allowedConstraints = new Set([
  "CONSTR_NULL",
  "CONSTR_NOTNULL",
  "CONSTR_DEFAULT",
  "CONSTR_IDENTITY",
  "CONSTR_GENERATED",
  "CONSTR_CHECK",
  "CONSTR_PRIMARY",
  "CONSTR_UNIQUE",
  "CONSTR_ATTR_DEFERRABLE",
  "CONSTR_ATTR_NOT_DEFERRABLE",
  "CONSTR_ATTR_DEFERRED",
  "CONSTR_ATTR_IMMEDIATE",
]);

const refuse = (message: string) => new ConsoleError("INVALID", message, "ddl");

const whatCreateTableRuns = "Create Table runs only CREATE TABLE with its columns, COMMENT ON that table or its columns, and CALL set_table_property for that table";

/** The start of a statement's text, to name it in a message. */
function quote(statement: ParsedStatement): string {
  const text = statement.text.replace(/\s+/g, " ");
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

function sameTable(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.table === b.table;
}

/** `t` or `s.t` as parsed identifiers (already case-folded by the parser). */
function tableFromParts(parts: string[], statement: ParsedStatement): QualifiedName {
  if (parts.length === 1) return { schema: unqualifiedNameSchema, table: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, table: parts[1]! };
  throw refuse(`Name the table as table or schema.table in ${quote(statement)}.`);
}

/**
 * The dotted name as written at byte `at` of the DDL: PostgreSQL's parser cuts a name
 * longer than 63 bytes (with only a NOTICE), so the parse tree cannot show one; the text
 * can. Quoted parts keep their text (`""` is one quote); unquoted parts run over the
 * characters an unquoted identifier may hold.
 */
function namesWrittenAt(ddl: Buffer, at: number): string[] {
  const names: string[] = [];
  let i = at;
  for (;;) {
    let name = "";
    if (ddl[i] === 0x22) {
      let j = i + 1;
      while (j < ddl.length && !(ddl[j] === 0x22 && ddl[j + 1] !== 0x22)) j += ddl[j] === 0x22 ? 2 : 1;
      name = ddl.subarray(i + 1, j).toString("utf8").replace(/""/g, '"');
      i = j + 1;
    } else {
      let j = i;
      while (j < ddl.length && (/[A-Za-z0-9_$]/.test(String.fromCharCode(ddl[j]!)) || ddl[j]! >= 0x80)) j += 1;
      name = ddl.subarray(i, j).toString("utf8");
      i = j;
    }
    names.push(name);
    while (ddl[i] === 0x20 || ddl[i] === 0x0a || ddl[i] === 0x09 || ddl[i] === 0x0d) i += 1;
    if (ddl[i] !== 0x2e) return names;
    i += 1;
    while (ddl[i] === 0x20 || ddl[i] === 0x0a || ddl[i] === 0x09 || ddl[i] === 0x0d) i += 1;
  }
}

/** Refuses a table or column name longer than 63 bytes, which the server would cut silently. */
function checkNameLengths(create: CreateStmt, ddl: Buffer): void {
  const written: Array<{ what: string; names: string[] }> = [];
  const relation = create.relation as RangeVar;
  if (typeof relation.location === "number" && relation.location >= 0) written.push({ what: "table", names: namesWrittenAt(ddl, relation.location) });
  for (const element of create.tableElts ?? []) {
    const { type, body } = unwrapNode(element);
    if (type === "ColumnDef" && typeof body.location === "number" && body.location >= 0) written.push({ what: "column", names: namesWrittenAt(ddl, body.location) });
  }
  for (const { what, names } of written) {
    for (const [index, name] of names.entries()) {
      const problem = identifierLengthProblem(name, index < names.length - 1 ? "schema" : what);
      if (problem) throw refuse(problem);
    }
  }
}

function isBeginOrCommit(statement: ParsedStatement): boolean {
  const kind = statement.body.kind;
  return statement.type === "TransactionStmt" && (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START" || kind === "TRANS_STMT_COMMIT");
}

/** The table a CREATE TABLE makes, after refusing anything that reaches beyond it. */
function checkCreate(statement: ParsedStatement, ddl: Buffer): QualifiedName {
  const create = statement.body as CreateStmt;
  checkNameLengths(create, ddl);
  const relation = create.relation as RangeVar;
  if (relation.catalogname) throw refuse("Name the new table as table or schema.table, without a database name.");
  const table = tableFromParts([relation.schemaname, relation.relname].filter((part): part is string => Boolean(part)), statement);
  // An unqualified pg_* name would resolve to PostgreSQL's own catalog in the statements
  // after CREATE TABLE (pg_catalog is searched first), not to the new table.
  if (table.table.startsWith("pg_")) throw refuse(`Table names starting with "pg_" are PostgreSQL's own; choose another name for "${table.table}".`);
  if (relation.relpersistence === "t") throw refuse("A temporary table disappears when the dialog's connection closes. Remove TEMPORARY.");
  if (create.if_not_exists) {
    throw refuse("Remove IF NOT EXISTS: when the table already exists, the statements after CREATE TABLE would change that existing table. Create Table fails instead, and changes nothing.");
  }
  if (create.partbound) throw refuse("PARTITION OF attaches the new table to an existing table. Create the partitioned table itself here; the sync creates its child tables.");
  if (create.inhRelations?.length) throw refuse("INHERITS ties the new table to an existing table. Remove INHERITS and list the columns.");
  if (create.ofTypename) throw refuse("CREATE TABLE ... OF takes its columns from a type. List the columns instead.");

  let columns = 0;
  for (const element of create.tableElts ?? []) {
    const { type } = unwrapNode(element);
    if (type === "ColumnDef") columns += 1;
    else if (type === "TableLikeClause") throw refuse("LIKE copies another table's definition. List the columns instead.");
  }
  if (columns === 0) throw refuse("List the new table's columns: CREATE TABLE name (column type, ...).");

  visitNodes(create, (type, body) => {
    if (type === "Constraint" && !allowedConstraints.has(String(body.contype))) {
      throw refuse(
        body.contype === "CONSTR_FOREIGN"
          ? "REFERENCES (a foreign key) locks the referenced table and adds triggers to it. Remove the foreign key."
          : "Remove the EXCLUDE constraint: Create Table allows NOT NULL, DEFAULT, CHECK, PRIMARY KEY, UNIQUE, identity and generated columns.",
      );
    }
    if (type === "SubLink") throw refuse("Column defaults and checks cannot run a subquery. Remove it.");
  });
  for (const call of functionCalls(create)) {
    if (call.written === "field") {
      throw refuse(`".${call.name}": write columns in CHECK and GENERATED expressions by their own name, without a table or field name.`);
    }
    if ((call.schema !== undefined && call.schema !== "pg_catalog") || !expressionFunctions.has(call.name)) {
      const name = call.schema ? `${call.schema}.${call.name}` : call.name;
      throw refuse(
        `Column defaults, checks, generated columns and partition keys may call only ${[...expressionFunctions].join(", ")}; ${name} is not one of them (a default runs again on every insert). Use serial or GENERATED ... AS IDENTITY for a sequence.`,
      );
    }
  }
  return table;
}

function checkComment(statement: ParsedStatement, table: QualifiedName): void {
  const { objtype } = statement.body;
  const parts = nameParts(unwrapNode(statement.body.object).body.items);
  if (objtype !== "OBJECT_TABLE" && objtype !== "OBJECT_COLUMN") {
    throw refuse(`COMMENT ON may name only the new table or its columns; remove ${quote(statement)}.`);
  }
  const named = tableFromParts(objtype === "OBJECT_COLUMN" ? parts.slice(0, -1) : parts, statement);
  if (!sameTable(named, table)) {
    throw refuse(`${quote(statement)} comments on ${formatQualifiedName(named)}, not on the table being created (${formatQualifiedName(table)}). Comment only on the new table.`);
  }
}

/** The text of a string literal argument, or undefined for anything else. */
function stringLiteral(node: unknown): string | undefined {
  const { type, body } = unwrapNode(node);
  return type === "A_Const" ? (body.sval as { sval?: string } | undefined)?.sval : undefined;
}

function checkSetTableProperty(statement: ParsedStatement, table: QualifiedName): void {
  const call = statement.body.funccall as FuncCall;
  const name = nameParts(call.funcname);
  if (name.length !== 1 || name[0] !== "set_table_property") {
    throw refuse(`CALL may run only set_table_property here; remove ${quote(statement)}.`);
  }
  const [target, property, value] = (call.args ?? []).map(stringLiteral);
  if (call.args?.length !== 3 || target === undefined || property === undefined || value === undefined) {
    throw refuse(`set_table_property takes three string literals, the table, the property and its value: ${quote(statement)}.`);
  }
  let named: QualifiedName;
  try {
    named = parseQualifiedName(target, unqualifiedNameSchema);
  } catch (error) {
    throw refuse(`${quote(statement)}: ${(error as Error).message}`);
  }
  if (!sameTable(named, table)) {
    throw refuse(`${quote(statement)} sets a property of ${formatQualifiedName(named)}, not of the table being created (${formatQualifiedName(table)}). Set properties only on the new table.`);
  }
  if (!hologresTableProperties.includes(property.toLowerCase())) {
    throw refuse(`"${property}" is not a table property Create Table sets. Known properties: ${hologresTableProperties.join(", ")}.`);
  }
}

/**
 * Parses the Create Table dialog's DDL with PostgreSQL's parser and accepts only what
 * creates one new table: one CREATE TABLE with its column definitions first (no AS, LIKE,
 * INHERITS, PARTITION OF, IF NOT EXISTS or TEMPORARY; defaults and checks call only pure
 * value functions), then COMMENT ON that table or its columns and CALL
 * set_table_property('<that table>', '<known property>', '<literal>'). BEGIN and COMMIT
 * are allowed and dropped. Anything else is refused, naming the statement, before any of
 * it reaches the server.
 */
export async function checkCreateTableDdl(ddl: string): Promise<CreateTablePlan> {
  const statements = (await parseSql(ddl, "ddl")).filter((statement) => !isBeginOrCommit(statement));
  const createAs = statements.find((statement) => statement.type === "CreateTableAsStmt");
  if (createAs) {
    throw refuse(`CREATE TABLE ... AS runs a query, which may read or change other tables. List the columns instead: CREATE TABLE name (column type, ...). Remove ${quote(createAs)}.`);
  }
  const creates = statements.filter((statement) => statement.type === "CreateStmt");
  if (creates.length === 0) throw refuse("The statement must create a table (CREATE TABLE name (column type, ...)).");
  if (creates.length > 1) throw refuse(`Create one table at a time: the DDL creates ${creates.length} tables.`);
  const other = statements.find((statement) => !["CreateStmt", "CommentStmt", "CallStmt"].includes(statement.type));
  if (other) throw refuse(`${whatCreateTableRuns}; remove ${quote(other)}.`);
  const [create] = creates as [ParsedStatement];
  if (statements[0] !== create) throw refuse(`Put CREATE TABLE first: ${quote(statements[0]!)} comes before it, and applies to the table it creates.`);
  const table = checkCreate(create, Buffer.from(ddl, "utf8"));
  for (const statement of statements.slice(1)) {
    if (statement.type === "CommentStmt") checkComment(statement, table);
    else checkSetTableProperty(statement, table);
  }
  return { table, statements: statements.map((statement) => statement.text) };
}
