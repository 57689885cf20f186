import type { ColumnType } from "../sync-engine/connectors/maxcompute/column-type";
import { parseEpochDay } from "../sync-engine/connectors/maxcompute/maxcompute-value";

/**
 * How each MaxCompute type is stored in DuckDB. Types are stored in the form the Tunnel
 * encoder needs, so serving a row range is a scan with no conversion: DATE as epoch days,
 * DATETIME as epoch milliseconds, TIMESTAMP as epoch nanoseconds (HUGEINT: exact over the
 * whole MaxCompute range, which DuckDB's TIMESTAMP_NS is not), DECIMAL as its exact text,
 * and ARRAY/MAP/STRUCT as JSON text (bigints as strings, maps as [key, value] pairs).
 */
export type StorageKind =
  | "TINYINT"
  | "SMALLINT"
  | "INTEGER"
  | "BIGINT"
  | "FLOAT"
  | "DOUBLE"
  | "VARCHAR"
  | "BLOB"
  | "BOOLEAN"
  | "HUGEINT"
  | "JSON";

export function storageKind(type: ColumnType): StorageKind {
  switch (type.kind) {
    case "tinyint":
      return "TINYINT";
    case "smallint":
      return "SMALLINT";
    case "int":
    case "date":
      return "INTEGER";
    case "bigint":
    case "datetime":
      return "BIGINT";
    case "float":
      return "FLOAT";
    case "double":
      return "DOUBLE";
    case "binary":
      return "BLOB";
    case "boolean":
      return "BOOLEAN";
    case "timestamp":
    case "timestamp_ntz":
      return "HUGEINT";
    case "array":
    case "map":
    case "struct":
      return "JSON";
    default:
      return "VARCHAR";
  }
}

/** The DuckDB column type of a storage kind. */
export function duckdbType(kind: StorageKind): string {
  return kind === "JSON" ? "VARCHAR" : kind;
}

const INT_RANGES: Partial<Record<ColumnType["kind"], [number, number]>> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

/**
 * Converts a value given by a user (CSV text, or a JS value from code) into its storage
 * form; throws an Error saying what is wrong. `null`/`undefined` stay NULL.
 */
export function toStorageValue(type: ColumnType, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "int": {
      const n = typeof raw === "number" ? raw : typeof raw === "bigint" ? Number(raw) : Number(String(raw).trim());
      const [min, max] = INT_RANGES[type.kind]!;
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${String(raw)} is not a valid ${type.kind.toUpperCase()} (${min}..${max})`);
      return n;
    }
    case "bigint": {
      let v: bigint;
      try {
        v = typeof raw === "bigint" ? raw : typeof raw === "number" ? BigInt(raw) : BigInt(String(raw).trim());
      } catch {
        throw new Error(`${String(raw)} is not a BIGINT`);
      }
      if (BigInt.asIntN(64, v) !== v) throw new Error(`${String(raw)} is out of the BIGINT range`);
      return v;
    }
    case "float":
    case "double": {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      if (Number.isNaN(n) && !/^\s*nan\s*$/i.test(String(raw))) throw new Error(`${String(raw)} is not a valid ${type.kind.toUpperCase()}`);
      return n;
    }
    case "decimal": {
      const text = String(raw).trim().replace(/^\+/, "");
      const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
      if (!match || (match[2] === "" && !match[3])) throw new Error(`${String(raw)} is not a DECIMAL`);
      const intDigits = match[2].replace(/^0+(?=\d)/, "") || "0";
      const frac = (match[3] ?? "").replace(/0+$/, "");
      if (frac.length > type.scale) throw new Error(`${text} has more than ${type.scale} digits after the point for ${type.kind}(${type.precision},${type.scale})`);
      if (intDigits.replace(/^0$/, "").length > type.precision - type.scale) throw new Error(`${text} does not fit decimal(${type.precision},${type.scale})`);
      const sign = match[1] && (intDigits !== "0" || frac !== "") ? "-" : "";
      return `${sign}${intDigits}${frac ? "." + frac : ""}`;
    }
    case "string":
    case "json":
      return typeof raw === "string" ? raw : String(raw);
    case "varchar":
    case "char": {
      const s = typeof raw === "string" ? raw : String(raw);
      if ([...s].length > type.length) throw new Error(`"${s}" is longer than ${type.kind}(${type.length})`);
      return s;
    }
    case "binary":
      return raw instanceof Uint8Array ? raw : Buffer.from(String(raw), "utf8");
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const s = String(raw).trim().toLowerCase();
      if (s === "true" || s === "1") return true;
      if (s === "false" || s === "0") return false;
      throw new Error(`${String(raw)} is not a BOOLEAN (true or false)`);
    }
    case "date": {
      if (typeof raw === "number") return raw;
      if (raw instanceof Date) return Math.floor(raw.getTime() / 86_400_000);
      const days = parseEpochDay(String(raw));
      if (Number.isNaN(days)) throw new Error(`${String(raw)} is not a DATE (YYYY-MM-DD)`);
      return days;
    }
    case "datetime": {
      if (raw instanceof Date) return BigInt(raw.getTime());
      if (typeof raw === "number" || typeof raw === "bigint") return BigInt(raw);
      const ms = parseDateTimeText(String(raw));
      if (ms === undefined) throw new Error(`${String(raw)} is not a DATETIME (YYYY-MM-DD HH:MM:SS, UTC)`);
      return BigInt(ms);
    }
    case "timestamp":
    case "timestamp_ntz": {
      if (typeof raw === "bigint") return raw;
      if (raw instanceof Date) return BigInt(raw.getTime()) * 1_000_000n;
      if (typeof raw === "object" && "seconds" in (raw as object)) {
        const t = raw as { seconds: bigint | number | string; nanos: number };
        return BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos);
      }
      const ns = parseTimestampText(String(raw));
      if (ns === undefined) throw new Error(`${String(raw)} is not a TIMESTAMP (YYYY-MM-DD HH:MM:SS[.fffffffff], UTC)`);
      return ns;
    }
    case "array":
    case "map":
    case "struct": {
      const value = typeof raw === "string" ? JSON.parse(raw) : raw;
      return JSON.stringify(toJsonStorage(type, value));
    }
    case "unknown":
      throw new Error(`the type ${type.text} is not supported by the local service`);
  }
}

/** Converts a nested value to its JSON storage form (what the encoder reads back). */
function toJsonStorage(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case "array":
      if (!Array.isArray(value)) throw new Error(`${JSON.stringify(value)} is not an array`);
      return value.map((v) => toJsonStorage(type.element, v));
    case "map": {
      const entries: [unknown, unknown][] = Array.isArray(value)
        ? (value as [unknown, unknown][])
        : value instanceof Map
          ? [...value.entries()]
          : Object.entries(value as object);
      return entries.map(([k, v]) => [toJsonStorage(type.key, k), toJsonStorage(type.value, v)]);
    }
    case "struct": {
      const obj = value as Record<string, unknown>;
      return Object.fromEntries(type.fields.map((f) => [f.name, toJsonStorage(f.type, obj[f.name])]));
    }
    default: {
      const stored = toStorageValue(type, value);
      if (typeof stored === "bigint") {
        if (type.kind === "timestamp" || type.kind === "timestamp_ntz") {
          const seconds = stored / 1_000_000_000n - (stored % 1_000_000_000n < 0n ? 1n : 0n);
          return { seconds: String(seconds), nanos: Number(stored - seconds * 1_000_000_000n) };
        }
        return String(stored);
      }
      if (stored instanceof Uint8Array) return Buffer.from(stored).toString("utf8");
      // JSON has no -0, NaN or Infinity (JSON.stringify writes 0 and null): keep them as
      // text, which the encoder reads back with Number().
      if (typeof stored === "number" && (!Number.isFinite(stored) || (stored === 0 && 1 / stored < 0))) return stored === 0 ? "-0" : String(stored);
      return stored;
    }
  }
}

/** "YYYY-MM-DD[ T]HH:MM:SS[.mmm]" (UTC unless the text carries a zone) -> epoch ms. */
export function parseDateTimeText(text: string): number | undefined {
  const ns = parseTimestampText(text);
  if (ns === undefined) return undefined;
  return Number(ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n));
}

/** "YYYY-MM-DD[ T]HH:MM:SS[.fffffffff][Z|±HH:MM]" -> epoch nanoseconds (UTC unless a zone is given). */
export function parseTimestampText(text: string): bigint | undefined {
  const m = /^\s*(-?\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/.exec(text);
  if (!m) return undefined;
  const days = parseEpochDay(`${m[1]}-${m[2]}-${m[3]}`);
  if (Number.isNaN(days)) return undefined;
  const h = Number(m[4] ?? 0);
  const min = Number(m[5] ?? 0);
  const s = Number(m[6] ?? 0);
  if (h > 23 || min > 59 || s > 59) return undefined;
  let offsetSeconds = 0;
  if (m[8] && m[8] !== "Z") {
    const zone = m[8].replace(":", "");
    offsetSeconds = (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(3, 5)) * 60);
  }
  const seconds = BigInt(days) * 86400n + BigInt(h * 3600 + min * 60 + s - offsetSeconds);
  const nanos = BigInt((m[7] ?? "").padEnd(9, "0") || "0");
  return seconds * 1_000_000_000n + nanos;
}
