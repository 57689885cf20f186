import { nameParts, stringValue, visitNodes } from "./visit-nodes";

/** A function a statement may call, as written. */
export type FunctionCall = {
  /** The function's name, lower case, without its schema. */
  name: string;
  /** `pg_catalog` in `pg_catalog.now()`; undefined when unqualified. */
  schema?: string;
  /**
   * `call` for `f(x)`; `field` for PostgreSQL's attribute notation `x.f` or `(x).f`, which
   * calls `f(x)` when no column of that name exists: `SELECT (path).pg_read_file FROM
   * (SELECT '/etc/passwd'::text AS path) s` reads the file.
   */
  written: "call" | "field";
};

/** Every function call in a parse tree, and every field selection that may be one. */
export function functionCalls(tree: unknown): FunctionCall[] {
  const calls: FunctionCall[] = [];
  visitNodes(tree, (type, body) => {
    if (type === "FuncCall") {
      const parts = nameParts(body.funcname).map((part) => part.toLowerCase());
      const name = parts.pop();
      if (name) calls.push({ name, schema: parts.length > 0 ? parts.join(".") : undefined, written: "call" });
    } else if (type === "ColumnRef") {
      // `a` alone is a column; `t.a` or `t.a.f` may end in a function name.
      const fields = body.fields as unknown[] | undefined;
      const last = fields && fields.length > 1 ? stringValue(fields[fields.length - 1]) : undefined;
      if (last) calls.push({ name: last.toLowerCase(), written: "field" });
    } else if (type === "A_Indirection") {
      for (const item of (body.indirection as unknown[] | undefined) ?? []) {
        const field = stringValue(item);
        if (field) calls.push({ name: field.toLowerCase(), written: "field" });
      }
    }
  });
  return calls;
}
