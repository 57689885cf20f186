import type { NeutralColumnType } from "../neutral-column-type";

/**
 * PostgreSQL (and Hologres) types by name, as format_type() writes them, in neutral terms.
 * Values are read as PostgreSQL's own text (COPY), which PostgreSQL and Hologres targets
 * take back exactly.
 */
export function postgresqlTypeToNeutral(nativeType: string, nullable: boolean | null = null): NeutralColumnType {
  const base = { precision: null, scale: null, nullable, nativeType };
  const text = nativeType.toLowerCase();
  if (text.endsWith("[]")) return { ...base, kind: "array" };
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/.exec(text);
  if (numeric) return { ...base, kind: "decimal", precision: numeric[1] ? Number(numeric[1]) : 38, scale: numeric[2] ? Number(numeric[2]) : 18 };
  const varchar = /^(?:character varying|character|varchar|char)\((\d+)\)$/.exec(text);
  if (varchar) return { ...base, kind: "string", precision: Number(varchar[1]) };
  switch (text) {
    case "smallint":
      return { ...base, kind: "integer", precision: 16 };
    case "integer":
      return { ...base, kind: "integer", precision: 32 };
    case "bigint":
      return { ...base, kind: "integer", precision: 64 };
    case "real":
      return { ...base, kind: "float", precision: 32 };
    case "double precision":
      return { ...base, kind: "float", precision: 64 };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "bytea":
      return { ...base, kind: "binary" };
    case "date":
      return { ...base, kind: "date" };
    case "timestamp without time zone":
      return { ...base, kind: "datetime" };
    case "timestamp with time zone":
      return { ...base, kind: "timestamp" };
    case "time without time zone":
      return { ...base, kind: "time" };
    case "json":
    case "jsonb":
      return { ...base, kind: "json" };
    default:
      return { ...base, kind: "string" };
  }
}
