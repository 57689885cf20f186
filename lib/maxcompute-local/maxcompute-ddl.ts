import { normalizeColumnTypeText } from "../sync-engine/connectors/maxcompute/column-type";
import { formatPartitionSpec } from "../sync-engine/connectors/maxcompute/partition-spec";
import type { LocalColumn, LocalMaxComputeCatalog } from "./local-maxcompute-catalog";

/** One MaxCompute DDL statement the local service understands. */
export type DdlStatement =
  | {
      kind: "createTable";
      name: string;
      ifNotExists: boolean;
      columns: LocalColumn[];
      partitionColumns: LocalColumn[];
      comment: string;
    }
  | { kind: "dropTable"; name: string; ifExists: boolean }
  | { kind: "addPartition"; table: string; ifNotExists: boolean; partitions: string[] }
  | { kind: "dropPartition"; table: string; ifExists: boolean; partitions: string[] };

export class DdlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DdlSyntaxError";
  }
}

type Token = { kind: "word" | "string" | "number" | "punct"; text: string; at: number };

/**
 * Parses the MaxCompute DDL subset the local service supports:
 *   CREATE TABLE [IF NOT EXISTS] t (col type [NOT NULL] [COMMENT '...'], ...)
 *     [COMMENT '...'] [PARTITIONED BY (col type [COMMENT '...'], ...)] [LIFECYCLE n];
 *   DROP TABLE [IF EXISTS] t;
 *   ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (k='v', ...) [PARTITION (...)]...;
 *   ALTER TABLE t DROP [IF EXISTS] PARTITION (k='v', ...)[, PARTITION (...)]...;
 * Several statements are separated by semicolons; `--` starts a comment.
 */
export function parseMaxComputeDdl(sql: string): DdlStatement[] {
  const tokens = tokenize(sql);
  const statements: DdlStatement[] = [];
  let i = 0;
  const peek = (offset = 0) => tokens[i + offset];
  const isWord = (word: string, offset = 0) => peek(offset)?.kind === "word" && peek(offset).text.toUpperCase() === word;
  const fail = (what: string): never => {
    const token = peek();
    const where = token ? `near "${token.text}" (character ${token.at + 1})` : "at the end";
    throw new DdlSyntaxError(`Syntax error ${where}: expected ${what}.`);
  };
  const expectWord = (word: string) => {
    if (!isWord(word)) fail(word);
    i++;
  };
  const expectPunct = (p: string) => {
    if (peek()?.kind !== "punct" || peek().text !== p) fail(`"${p}"`);
    i++;
  };
  const isPunct = (p: string) => peek()?.kind === "punct" && peek().text === p;
  const name = (what: string) => {
    const token = peek();
    if (!token || token.kind !== "word") return fail(what);
    i++;
    // project.table: the local service has one project, so the table part is what counts.
    if (isPunct(".") && peek(1)?.kind === "word") {
      i++;
      return tokens[i++].text;
    }
    return token.text;
  };
  const optional = (...words: string[]) => {
    if (words.every((w, k) => isWord(w, k))) {
      i += words.length;
      return true;
    }
    return false;
  };
  const stringLiteral = (what: string) => {
    if (peek()?.kind !== "string") fail(what);
    return tokens[i++].text;
  };
  const typeText = () => {
    let depth = 0;
    let text = "";
    for (;;) {
      const token = peek();
      if (!token) break;
      if (depth === 0 && (isPunct(",") || isPunct(")") || isWord("COMMENT") || isWord("NOT") || isWord("DEFAULT"))) break;
      if (token.kind === "punct" && (token.text === "(" || token.text === "<")) depth++;
      if (token.kind === "punct" && (token.text === ")" || token.text === ">")) depth--;
      text += token.text;
      i++;
    }
    if (!text) fail("a column type");
    try {
      return normalizeColumnTypeText(text);
    } catch (error) {
      throw new DdlSyntaxError((error as Error).message);
    }
  };
  const columnList = (): LocalColumn[] => {
    expectPunct("(");
    const columns: LocalColumn[] = [];
    for (;;) {
      const columnName = name("a column name");
      const type = typeText();
      let comment = "";
      for (;;) {
        if (optional("NOT", "NULL")) continue;
        if (isWord("DEFAULT")) {
          i += 2;
          continue;
        }
        if (optional("COMMENT")) {
          comment = stringLiteral("a comment in quotes");
          continue;
        }
        break;
      }
      columns.push({ name: columnName, type, comment });
      if (isPunct(",")) {
        i++;
        continue;
      }
      expectPunct(")");
      return columns;
    }
  };
  const partitionSpecs = (): string[] => {
    const specs: string[] = [];
    do {
      if (isPunct(",")) i++;
      expectWord("PARTITION");
      expectPunct("(");
      const pairs: [string, string][] = [];
      for (;;) {
        const key = name("a partition column");
        expectPunct("=");
        const token = peek();
        if (!token || (token.kind !== "string" && token.kind !== "number" && token.kind !== "word")) fail("a partition value");
        i++;
        pairs.push([key, token.text]);
        if (isPunct(",")) {
          i++;
          continue;
        }
        expectPunct(")");
        break;
      }
      // Canonical spec text: a value with blanks at its ends, `,`, `/` or a quote stays
      // quoted, so the catalog reads back exactly the value the statement gave.
      specs.push(formatPartitionSpec(pairs));
    } while (isWord("PARTITION") || (isPunct(",") && isWord("PARTITION", 1)));
    return specs;
  };

  while (i < tokens.length) {
    if (isPunct(";")) {
      i++;
      continue;
    }
    if (optional("CREATE", "TABLE")) {
      const ifNotExists = optional("IF", "NOT", "EXISTS");
      const tableName = name("a table name");
      const columns = columnList();
      let comment = "";
      let partitionColumns: LocalColumn[] = [];
      for (;;) {
        if (optional("COMMENT")) comment = stringLiteral("a table comment in quotes");
        else if (optional("PARTITIONED", "BY")) partitionColumns = columnList();
        else if (optional("LIFECYCLE")) {
          if (peek()?.kind !== "number") fail("a number of days");
          i++;
        } else break;
      }
      statements.push({ kind: "createTable", name: tableName, ifNotExists, columns, partitionColumns, comment });
    } else if (optional("DROP", "TABLE")) {
      const ifExists = optional("IF", "EXISTS");
      statements.push({ kind: "dropTable", name: name("a table name"), ifExists });
    } else if (optional("ALTER", "TABLE")) {
      const table = name("a table name");
      if (optional("ADD")) {
        const ifNotExists = optional("IF", "NOT", "EXISTS");
        statements.push({ kind: "addPartition", table, ifNotExists, partitions: partitionSpecs() });
      } else if (optional("DROP")) {
        const ifExists = optional("IF", "EXISTS");
        statements.push({ kind: "dropPartition", table, ifExists, partitions: partitionSpecs() });
      } else fail("ADD PARTITION or DROP PARTITION");
    } else {
      fail("CREATE TABLE, DROP TABLE or ALTER TABLE ... ADD/DROP PARTITION");
    }
    if (i < tokens.length && !isPunct(";")) fail('";" or the end of the statement');
  }
  return statements;
}

/** Runs DDL against the catalog; returns one line per statement saying what happened. */
export async function executeMaxComputeDdl(catalog: LocalMaxComputeCatalog, sql: string): Promise<string[]> {
  const results: string[] = [];
  for (const statement of parseMaxComputeDdl(sql)) {
    switch (statement.kind) {
      case "createTable": {
        const { created } = await catalog.createTable(statement);
        results.push(created ? `Created table ${statement.name.toLowerCase()}.` : `Table ${statement.name.toLowerCase()} already exists; left as it is.`);
        break;
      }
      case "dropTable": {
        const { dropped } = await catalog.dropTable(statement.name, { ifExists: statement.ifExists });
        results.push(dropped ? `Dropped table ${statement.name.toLowerCase()}.` : `Table ${statement.name.toLowerCase()} does not exist; nothing dropped.`);
        break;
      }
      case "addPartition":
        for (const spec of statement.partitions) {
          const { created, spec: text } = await catalog.addPartition(statement.table, spec, { ifNotExists: statement.ifNotExists });
          results.push(created ? `Added partition ${text} to ${statement.table.toLowerCase()}.` : `Partition ${text} already exists.`);
        }
        break;
      case "dropPartition":
        for (const spec of statement.partitions) {
          const { dropped, spec: text } = await catalog.dropPartition(statement.table, spec, { ifExists: statement.ifExists });
          results.push(dropped ? `Dropped partition ${text} of ${statement.table.toLowerCase()}.` : `Partition ${text} does not exist; nothing dropped.`);
        }
        break;
    }
  }
  return results;
}

const STRING_ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", r: "\r", "0": "\0", "'": "'", '"': '"', "\\": "\\" };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (ch === "'" || ch === '"') {
      const at = i;
      let text = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw new DdlSyntaxError(`Unterminated string starting at character ${at + 1}.`);
        const c = sql[i];
        if (c === "\\" && i + 1 < sql.length) {
          // MaxCompute's string escapes (those pyodps's escape_odps_string writes); an
          // unknown one keeps its backslash.
          text += STRING_ESCAPES[sql[i + 1]] ?? c + sql[i + 1];
          i += 2;
        } else if (c === ch && sql[i + 1] === ch) {
          text += ch;
          i += 2;
        } else if (c === ch) {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ kind: "string", text, at });
    } else if (ch === "`") {
      const end = sql.indexOf("`", i + 1);
      if (end < 0) throw new DdlSyntaxError(`Unterminated \`name\` at character ${i + 1}.`);
      tokens.push({ kind: "word", text: sql.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const at = i;
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i])) i++;
      tokens.push({ kind: "word", text: sql.slice(at, i), at });
    } else if (/[0-9-]/.test(ch)) {
      const at = i;
      i++;
      while (i < sql.length && /[0-9.]/.test(sql[i])) i++;
      tokens.push({ kind: "number", text: sql.slice(at, i), at });
    } else if ("(),;<>:=.".includes(ch)) {
      tokens.push({ kind: "punct", text: ch, at: i });
      i++;
    } else {
      throw new DdlSyntaxError(`Unexpected character "${ch}" at character ${i + 1}.`);
    }
  }
  return tokens;
}
