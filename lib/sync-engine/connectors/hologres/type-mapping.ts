import { parseColumnType, type ColumnType } from "../maxcompute/column-type";
import type { HologresColumn } from "./catalog";

/**
 * MaxCompute -> Hologres type mapping, as Hologres documents it:
 * STRING/VARCHAR(n)/CHAR(n) -> TEXT/VARCHAR(n)/CHAR(n); BIGINT/INT/SMALLINT/TINYINT ->
 * INT8/INT4/INT2/INT2; FLOAT/DOUBLE -> FLOAT4/FLOAT8; BOOLEAN -> BOOLEAN; DECIMAL(p,s) ->
 * NUMERIC(p,s) (DECIMAL without precision: 38,18); DATE -> DATE; DATETIME/TIMESTAMP ->
 * TIMESTAMPTZ; BINARY -> BYTEA; ARRAY<INT|BIGINT|FLOAT|DOUBLE|BOOLEAN|STRING> -> INT4[]/INT8[]/
 * FLOAT4[]/FLOAT8[]/BOOLEAN[]/TEXT[]; JSON -> JSONB. MAP, STRUCT and any other ARRAY
 * (of DECIMAL, DATE, MAP, another ARRAY ...) -> JSONB: the reader hands them on as JSON, as
 * DataWorks' MaxCompute Reader hands complex types on as STRING holding JSON.
 */
export function mapMaxComputeType(typeText: string): string | null {
  let type: ColumnType;
  try {
    type = parseColumnType(typeText);
  } catch {
    return null;
  }
  return readable(type) ? mapParsedType(type) : null;
}

/** False when a type the reader cannot decode is anywhere inside. */
function readable(type: ColumnType): boolean {
  switch (type.kind) {
    case "unknown":
      return false;
    case "array":
      return readable(type.element);
    case "map":
      return readable(type.key) && readable(type.value);
    case "struct":
      return type.fields.every((f) => readable(f.type));
    default:
      return true;
  }
}

/** The ARRAY element types Hologres has an array type for. */
const NATIVE_ARRAYS: Partial<Record<ColumnType["kind"], string>> = { int: "int4[]", bigint: "int8[]", float: "float4[]", double: "float8[]", boolean: "boolean[]", string: "text[]" };

function mapParsedType(type: ColumnType): string | null {
  switch (type.kind) {
    case "string":
      return "text";
    case "varchar":
      return `varchar(${type.length})`;
    case "char":
      return `char(${type.length})`;
    case "bigint":
      return "int8";
    case "int":
      return "int4";
    case "smallint":
    case "tinyint":
      return "int2";
    case "float":
      return "float4";
    case "double":
      return "float8";
    case "boolean":
      return "boolean";
    case "decimal":
      return `numeric(${type.precision},${type.scale})`;
    case "date":
      return "date";
    case "datetime":
    case "timestamp":
    case "timestamp_ntz":
      return "timestamptz";
    case "binary":
      return "bytea";
    case "json":
      return "jsonb";
    case "array":
      return NATIVE_ARRAYS[type.element.kind] ?? "jsonb";
    case "map":
    case "struct":
      return "jsonb";
    default:
      return null;
  }
}

/**
 * Can a target column receive values of this MaxCompute type? Text receives anything;
 * numbers receive numbers (narrowing may still refuse a value: that row is dirty); dates and
 * times receive dates and times; strings are offered to any scalar column (the server parses
 * them; a value it refuses is a dirty record); MAP, STRUCT and ARRAY go to json/jsonb (as
 * JSON) and ARRAY also to array columns. Returns null when compatible, else the reason.
 */
export function incompatibilityReason(sourceTypeText: string, target: HologresColumn): string | null {
  let source: ColumnType;
  try {
    source = parseColumnType(sourceTypeText);
  } catch {
    return `source type ${sourceTypeText} is not a MaxCompute type`;
  }
  const category = target.category;
  const isText = category === "S";
  const isJson = target.typeName === "json" || target.typeName === "jsonb";
  if (isText) return null;
  const refuse = `a ${target.type} column cannot receive MaxCompute ${sourceTypeText.toUpperCase()}`;
  switch (source.kind) {
    case "string":
    case "varchar":
    case "char":
      return null;
    case "tinyint":
    case "smallint":
    case "int":
    case "bigint":
    case "float":
    case "double":
    case "decimal":
      return category === "N" || isJson ? null : refuse;
    case "boolean":
      return category === "B" || isJson ? null : refuse;
    case "date":
      return category === "D" ? null : refuse;
    case "datetime":
    case "timestamp":
    case "timestamp_ntz":
      return category === "D" && target.typeName !== "time" && target.typeName !== "timetz" ? null : refuse;
    case "binary":
      return target.typeName === "bytea" ? null : refuse;
    case "json":
      return isJson ? null : refuse;
    case "array":
      return category === "A" || isJson ? null : refuse;
    case "map":
    case "struct":
      return isJson ? null : `${refuse}: it arrives as JSON, so use a json, jsonb or text column`;
    default:
      return `MaxCompute ${sourceTypeText.toUpperCase()} is not supported`;
  }
}
