/**
 * The single place where SQL identifiers are quoted. Every table, column and schema name
 * that reaches a SQL string goes through these functions; values never do (they are sent
 * as query parameters or as COPY data).
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error("An SQL identifier cannot be empty.");
  if (name.includes("\u0000")) throw new Error("An SQL identifier cannot contain a NUL character.");
  return `"${name.replace(/"/g, '""')}"`;
}

export type QualifiedName = { schema: string; table: string };

/**
 * Splits a user-written table name (`public.holo_test`, `"My Schema"."T"`, `holo_test`)
 * into schema and table. Unquoted parts fold to lower case, as PostgreSQL does.
 */
export function parseQualifiedName(input: string, defaultSchema = "public"): QualifiedName {
  const parts: string[] = [];
  let i = 0;
  const text = input.trim();
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = "";
      for (;;) {
        if (j >= text.length) throw new Error(`Unterminated quoted identifier in "${input}".`);
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
      parts.push(part);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ".") j += 1;
      const part = text.slice(i, j).trim();
      if (part.length === 0) throw new Error(`Invalid table name "${input}".`);
      parts.push(part.toLowerCase());
      i = j;
    }
    if (i < text.length) {
      if (text[i] !== ".") throw new Error(`Invalid table name "${input}".`);
      i += 1;
    }
  }
  if (parts.length === 1) return { schema: defaultSchema, table: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, table: parts[1]! };
  throw new Error(`Invalid table name "${input}": use table or schema.table.`);
}

export function quoteQualifiedName(name: QualifiedName): string {
  return `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}`;
}

export function formatQualifiedName(name: QualifiedName): string {
  return `${name.schema}.${name.table}`;
}
