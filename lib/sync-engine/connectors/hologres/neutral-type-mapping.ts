import type { NeutralColumnType } from "../neutral-column-type";

/** Hologres' NUMERIC stops at 38 digits (PostgreSQL's goes to 1000). */
export const HOLOGRES_MAX_NUMERIC_PRECISION = 38;

/** The element types Hologres has array types for, by PostgreSQL's type names. */
const ARRAY_ELEMENTS: Record<string, string> = {
  smallint: "int4[]",
  integer: "int4[]",
  bigint: "int8[]",
  real: "float4[]",
  "double precision": "float8[]",
  boolean: "boolean[]",
  text: "text[]",
  "character varying": "text[]",
};

/**
 * The column type Create Table proposes for a source column that any registered reader
 * described in neutral terms (the README's MySQL table; PostgreSQL and Hologres types map
 * onto themselves): integers by their width, unsigned BIGINT (65 bits) as numeric(20,0);
 * wall-clock DATETIME as timestamp, instants as timestamptz; JSON as jsonb; binary as bytea.
 * What has no exact Hologres type travels as its text: MySQL TIME (beyond 24 hours), ENUM,
 * SET, PostgreSQL uuid or interval, and on Hologres a DECIMAL wider than 38 digits.
 */
export function hologresTypeForNeutral(type: NeutralColumnType, flavour: "hologres" | "postgres"): string {
  switch (type.kind) {
    case "boolean":
      return "boolean";
    case "integer": {
      const bits = type.precision ?? 64;
      if (bits <= 16) return "int2";
      if (bits <= 32) return "int4";
      if (bits <= 64) return "int8";
      return "numeric(20,0)";
    }
    case "decimal": {
      const precision = type.precision ?? 38;
      const scale = type.scale ?? 0;
      if (flavour === "hologres" && precision > HOLOGRES_MAX_NUMERIC_PRECISION) return "text";
      return `numeric(${precision},${scale})`;
    }
    case "float":
      return (type.precision ?? 64) <= 32 ? "float4" : "float8";
    case "string": {
      if (type.precision === null) return "text";
      // CHAR pads, VARCHAR does not: keep which one the source declared.
      return /^(char|character)\s*\(/i.test(type.nativeType) ? `char(${type.precision})` : `varchar(${type.precision})`;
    }
    case "binary":
      return "bytea";
    case "date":
      return "date";
    case "datetime":
      return "timestamp";
    case "timestamp":
      return "timestamptz";
    case "time":
      return "time";
    case "json":
      return "jsonb";
    case "array":
      return ARRAY_ELEMENTS[type.nativeType.toLowerCase().replace(/\(.*\)/, "").replace(/\[\]$/, "").trim()] ?? "text";
    default:
      return "text";
  }
}
