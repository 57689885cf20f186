import { SyncError } from "./sync-error";

/**
 * The single place where SQL identifiers are quoted. Every table, column and schema name
 * that reaches a SQL string goes through these functions; values never do (they are sent
 * as query parameters or as COPY data).
 */

/**
 * PostgreSQL (and Hologres) keep at most NAMEDATALEN - 1 = 63 bytes of a name and cut a
 * longer one silently, so `CREATE TABLE` with a 70-byte name makes a table whose name is
 * not the one written. Synclane refuses such names instead.
 */
export const MAX_IDENTIFIER_BYTES = 63;

const utf8 = new TextEncoder();

export function identifierByteLength(name: string): number {
  return utf8.encode(name).length;
}

/** Null when `name` fits in 63 bytes; else what is wrong, naming it (`what`: "column", "table" ...) and its length. */
export function identifierLengthProblem(name: string, what: string): string | null {
  const bytes = identifierByteLength(name);
  if (bytes <= MAX_IDENTIFIER_BYTES) return null;
  return `The ${what} name "${name}" is ${bytes} bytes long (UTF-8): PostgreSQL and Hologres keep only the first ${MAX_IDENTIFIER_BYTES} bytes of a name and would cut it silently. Use a name of at most ${MAX_IDENTIFIER_BYTES} bytes.`;
}

export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error("An SQL identifier cannot be empty.");
  if (name.includes("\u0000")) throw new Error("An SQL identifier cannot contain a NUL character.");
  const tooLong = identifierLengthProblem(name, "SQL");
  if (tooLong) throw new SyncError("IDENTIFIER_TOO_LONG", tooLong);
  return `"${name.replace(/"/g, '""')}"`;
}

export type QualifiedName = { schema: string; table: string };

/**
 * Splits a user-written table name (`public.holo_test`, `"My Schema"."T"`, `holo_test`,
 * `"a.b"`, `"we""ird"`) into schema and table, as PostgreSQL reads a qualified name:
 * unquoted parts fold to lower case, a quoted part keeps its case, dots and `""` (one
 * double quote), and spaces around the dot are ignored. Throws INVALID_JOB_SPEC for a
 * name that does not parse, IDENTIFIER_TOO_LONG for a part longer than 63 bytes (no table
 * can have that name).
 */
export function parseQualifiedName(input: string, defaultSchema = "public"): QualifiedName {
  // The name is shown in single quotes: it often holds double quotes itself.
  const shown = `'${input}'`;
  const invalid = (message: string) => new SyncError("INVALID_JOB_SPEC", message);
  const parts: string[] = [];
  const text = input.trim();
  let i = 0;
  const skipSpaces = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
  };
  while (i < text.length) {
    skipSpaces();
    let part: string;
    if (text[i] === '"') {
      let j = i + 1;
      part = "";
      for (;;) {
        if (j >= text.length) throw invalid(`The table name ${shown} has a quoted part without its closing double quote.`);
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            part += '"';
            j += 2;
            continue;
          }
          break;
        }
        part += text[j];
        j += 1;
      }
      if (part.length === 0) throw invalid(`The table name ${shown} has an empty quoted part ("").`);
      i = j + 1;
      skipSpaces();
      if (i < text.length && text[i] !== ".") {
        throw invalid(`The table name ${shown} has text after the quoted part "${part.replace(/"/g, '""')}": write schema.table, and double a quote inside a quoted name ("${text.slice(1).replace(/"/g, '""')}").`);
      }
    } else {
      let j = i;
      while (j < text.length && text[j] !== ".") j += 1;
      part = text.slice(i, j).trim().toLowerCase();
      if (part.length === 0) throw invalid(`The table name ${shown} has an empty part: write table or schema.table.`);
      i = j;
    }
    parts.push(part);
    if (i < text.length) {
      // text[i] is the dot.
      i += 1;
      if (i >= text.length) throw invalid(`The table name ${shown} ends with a dot: write table or schema.table.`);
    }
  }
  if (parts.length === 0 || parts.length > 2) throw invalid(`The table name ${shown} has ${parts.length} parts: write table or schema.table.`);
  for (const [index, part] of parts.entries()) {
    const tooLong = identifierLengthProblem(part, parts.length === 2 && index === 0 ? "schema" : "table");
    if (tooLong) throw new SyncError("IDENTIFIER_TOO_LONG", tooLong);
  }
  if (parts.length === 1) return { schema: defaultSchema, table: parts[0]! };
  return { schema: parts[0]!, table: parts[1]! };
}

export function quoteQualifiedName(name: QualifiedName): string {
  return `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}`;
}

export function formatQualifiedName(name: QualifiedName): string {
  return `${name.schema}.${name.table}`;
}

/** A MySQL/MariaDB identifier in backticks (a backtick inside doubled), for the MySQL connector. */
export function quoteMysqlIdentifier(name: string): string {
  if (name.length === 0) throw new Error("An SQL identifier cannot be empty.");
  if (name.includes("\u0000")) throw new Error("An SQL identifier cannot contain a NUL character.");
  return `\`${name.replace(/`/g, "``")}\``;
}
