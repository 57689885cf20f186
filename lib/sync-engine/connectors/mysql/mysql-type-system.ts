import mysql from "mysql2";
import type { RowValue } from "../../row-value";
import type { NeutralColumnType } from "../neutral-column-type";

/** A column as information_schema.COLUMNS describes it. */
export type MysqlColumnInfo = {
  name: string;
  dataType: string;
  columnType: string;
  precision: number | null;
  scale: number | null;
  length: number | null;
  nullable: boolean;
  /** MariaDB keeps JSON as LONGTEXT with a json_valid() check. */
  json: boolean;
};

/**
 * MySQL/MariaDB types in the engine's neutral terms (README: the MySQL type mapping).
 * Unsigned integers widen so every value fits (BIGINT UNSIGNED -> decimal(20,0)); BIT(1)
 * is a boolean, wider BITs are unsigned integers; TIME, ENUM and SET travel as text.
 */
export function mysqlColumnToNeutral(column: MysqlColumnInfo): NeutralColumnType {
  const nativeType = column.columnType;
  const unsigned = /\bunsigned\b/i.test(nativeType);
  const base = { precision: null, scale: null, nullable: column.nullable, nativeType };
  const integer = (bits: number): NeutralColumnType => ({ ...base, kind: "integer", precision: unsigned ? (bits === 64 ? 65 : bits * 2) : bits });
  switch (column.dataType.toLowerCase()) {
    case "tinyint":
      return integer(8);
    case "smallint":
      return integer(16);
    case "mediumint":
      return { ...base, kind: "integer", precision: 32 };
    case "int":
    case "integer":
      return integer(32);
    case "bigint":
      return integer(64);
    case "year":
      return { ...base, kind: "integer", precision: 16 };
    case "decimal":
    case "numeric":
      return { ...base, kind: "decimal", precision: column.precision ?? 10, scale: column.scale ?? 0 };
    case "float":
      return { ...base, kind: "float", precision: 32 };
    case "double":
    case "real":
      return { ...base, kind: "float", precision: 64 };
    case "bit": {
      const bits = column.precision ?? 1;
      return bits === 1 ? { ...base, kind: "boolean" } : { ...base, kind: "integer", precision: bits < 64 ? 64 : 65 };
    }
    case "date":
      return { ...base, kind: "date" };
    case "datetime":
      return { ...base, kind: "datetime" };
    case "timestamp":
      return { ...base, kind: "timestamp" };
    case "json":
      return { ...base, kind: "json" };
    case "char":
    case "varchar":
      return { ...base, kind: "string", precision: column.length };
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      return column.json ? { ...base, kind: "json" } : { ...base, kind: "string" };
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return { ...base, kind: "binary" };
    case "time":
    case "enum":
    case "set":
      return { ...base, kind: "string" };
    default:
      return { ...base, kind: "unknown" };
  }
}

const T = mysql.Types;
const UNSIGNED_FLAG = 32;
const BINARY_COLLATION = 63;

/** A querySql result column (server-side PREPARE metadata) in neutral terms. */
export function mysqlFieldToNeutral(field: { name: string; columnType?: number; flags: number | string[]; columnLength?: number; decimals: number; characterSet?: number }): NeutralColumnType {
  const flags = typeof field.flags === "number" ? field.flags : 0;
  const unsigned = (flags & UNSIGNED_FLAG) !== 0;
  const length = field.columnLength ?? 0;
  const info = (dataType: string, extra: Partial<MysqlColumnInfo> = {}): MysqlColumnInfo => ({
    name: field.name,
    dataType,
    columnType: `${dataType}${unsigned ? " unsigned" : ""}`,
    precision: null,
    scale: null,
    length: null,
    nullable: true,
    json: false,
    ...extra,
  });
  switch (field.columnType) {
    case T.TINY:
      return mysqlColumnToNeutral(info("tinyint"));
    case T.SHORT:
      return mysqlColumnToNeutral(info("smallint"));
    case T.INT24:
      return mysqlColumnToNeutral(info("mediumint"));
    case T.LONG:
      return mysqlColumnToNeutral(info("int"));
    case T.LONGLONG:
      return mysqlColumnToNeutral(info("bigint"));
    case T.YEAR:
      return mysqlColumnToNeutral(info("year"));
    case T.DECIMAL:
    case T.NEWDECIMAL: {
      // The display length counts the sign and the point.
      const precision = Math.max(1, length - (field.decimals > 0 ? 1 : 0) - (unsigned ? 0 : 1));
      return mysqlColumnToNeutral(info("decimal", { columnType: `decimal(${precision},${field.decimals})${unsigned ? " unsigned" : ""}`, precision, scale: field.decimals }));
    }
    case T.FLOAT:
      return mysqlColumnToNeutral(info("float"));
    case T.DOUBLE:
      return mysqlColumnToNeutral(info("double"));
    case T.BIT:
      return mysqlColumnToNeutral(info("bit", { columnType: `bit(${length})`, precision: length }));
    case T.DATE:
    case T.NEWDATE:
      return mysqlColumnToNeutral(info("date"));
    case T.DATETIME:
      return mysqlColumnToNeutral(info("datetime"));
    case T.TIMESTAMP:
      return mysqlColumnToNeutral(info("timestamp"));
    case T.TIME:
      return mysqlColumnToNeutral(info("time"));
    case T.JSON:
      return mysqlColumnToNeutral(info("json"));
    case T.TINY_BLOB:
    case T.MEDIUM_BLOB:
    case T.LONG_BLOB:
    case T.BLOB:
    case T.VAR_STRING:
    case T.STRING:
    case T.VARCHAR:
      return field.characterSet === BINARY_COLLATION ? mysqlColumnToNeutral(info("blob")) : mysqlColumnToNeutral(info("text"));
    default:
      return mysqlColumnToNeutral(info("unknown"));
  }
}

/**
 * How a value the driver gave (text for big numbers, dates and decimals; numbers; Buffers)
 * becomes the engine's value for a column of this type.
 */
export function mysqlValueConverter(type: NeutralColumnType): (value: unknown) => RowValue {
  switch (type.kind) {
    case "integer":
      if ((type.precision ?? 64) > 64) return (value) => (value === null ? null : Buffer.isBuffer(value) ? bitsToBigInt(value).toString() : String(value));
      if (/^bit/i.test(type.nativeType)) return (value) => (value === null ? null : bitsToBigInt(value as Buffer));
      if ((type.precision ?? 64) > 32) return (value) => (value === null ? null : typeof value === "number" ? BigInt(value) : BigInt(value as string));
      return (value) => (value === null ? null : Number(value));
    case "boolean":
      return (value) => (value === null ? null : Buffer.isBuffer(value) ? value[0] === 1 : Boolean(Number(value)));
    case "timestamp":
      // The session is at +00:00: the text is UTC. A zero TIMESTAMP stays as it is (refused by the target: a dirty row).
      return (value) => (value === null ? null : isZeroDate(value as string) ? (value as string) : `${value as string}+00`);
    case "binary":
      return (value) => (value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(String(value), "utf8"));
    case "float":
      return (value) => (value === null ? null : Number(value));
    default:
      // decimal, string, date, datetime, time, json: exact text as the server sent it.
      return (value) => (value === null ? null : Buffer.isBuffer(value) ? value.toString("utf8") : String(value));
  }
}

function bitsToBigInt(bytes: Buffer): bigint {
  let result = 0n;
  for (const byte of bytes) result = (result << 8n) | BigInt(byte);
  return result;
}

export function isZeroDate(text: string): boolean {
  return /^0000-00-00/.test(text) || /^\d{4}-00-|^\d{4}-\d{2}-00/.test(text);
}
