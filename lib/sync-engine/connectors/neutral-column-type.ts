/**
 * A column's type in words every connector shares. Each connector maps its native types
 * onto it (its type system); writers decide from it what a target column can receive.
 * `nativeType` is the source's own text, for display (`bigint(20) unsigned`, `DECIMAL(38,18)`).
 */
export type NeutralKind =
  | "boolean"
  | "integer"
  | "decimal"
  | "float"
  | "string"
  | "binary"
  | "date"
  /** A wall-clock date and time without a zone (MySQL DATETIME, PostgreSQL timestamp). */
  | "datetime"
  /** An instant (MySQL TIMESTAMP read in UTC, PostgreSQL timestamptz, MaxCompute DATETIME). */
  | "timestamp"
  | "time"
  | "json"
  | "array"
  | "unknown";

export type NeutralColumnType = {
  kind: NeutralKind;
  /** Digits for decimal, bits for integer and float, characters for string (null: unbounded). */
  precision: number | null;
  scale: number | null;
  /** null when the source does not say. */
  nullable: boolean | null;
  nativeType: string;
};

/**
 * The engine's type text for a neutral type: the grammar SourceColumn.type is written in
 * (MaxCompute's names, which the writers' type checks and the Create Table mapping parse).
 * Integers wider than 64 bits (unsigned BIGINT) become decimal(20,0); wall-clock times
 * become timestamp_ntz; what has no exact counterpart (time, unknown) travels as string.
 */
export function engineTypeText(type: NeutralColumnType): string {
  switch (type.kind) {
    case "boolean":
      return "boolean";
    case "integer": {
      const bits = type.precision ?? 64;
      if (bits <= 8) return "tinyint";
      if (bits <= 16) return "smallint";
      if (bits <= 32) return "int";
      if (bits <= 64) return "bigint";
      return "decimal(20,0)";
    }
    case "decimal":
      return `decimal(${type.precision ?? 38},${type.scale ?? 0})`;
    case "float":
      return (type.precision ?? 64) <= 32 ? "float" : "double";
    case "binary":
      return "binary";
    case "date":
      return "date";
    case "datetime":
      return "timestamp_ntz";
    case "timestamp":
      return "timestamp";
    case "json":
      return "json";
    case "string":
      return type.precision !== null && type.precision <= 65535 ? `varchar(${type.precision})` : "string";
    default:
      return "string";
  }
}
