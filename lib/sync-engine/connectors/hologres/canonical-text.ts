import { parseColumnType, type ColumnType } from "../maxcompute/column-type";
import type { HologresColumn } from "./catalog";
import { postgresJsonbText } from "./canonical-jsonb";
import { parseFloatInput, postgresFloatText, postgresNumericText, toFloat4 } from "./canonical-numbers";
import { quoteIdentifier } from "../../sql-identifier";

/**
 * The canonical text of a written value, which the verification's checksum is computed over
 * on both sides: while streaming on the source side (from the text the writer sends), in SQL
 * on the target side (from the stored value).
 *
 * It is the text the writer sends for the value, in the form the stored value gives it back:
 * for most columns the writer's own text (an integer, a string, `true`, a date, `\x0a0b`, a
 * timestamp `2026-11-23 10:00:00.500000+00`, a double as JavaScript writes it), which the
 * target side rebuilds in SQL; where the server normalises what it stores (a numeric's scale,
 * a float4's precision, jsonb, char(n) padding, text a STRING column sends to a typed
 * column), the source side applies the same normalisation. So for the usual type pairs the
 * source side hashes the COPY text the writer sends, as it is.
 *
 * A row's text: its columns' canonical texts escaped as COPY text escapes them (`\\`, `\n`,
 * `\r`, `\t`), NULL as `\N`, joined by tabs, UTF-8. Columns whose type has no exact rule are
 * left out of the checksum (and named in the result).
 */

/** How a column's canonical text follows from the text the writer sends. */
export type CanonicalForm =
  /** The writer's text is the canonical text. */
  | "same"
  /** The same, except for doubles of 2^53 and more (see `postgresFloatText`). */
  | "float"
  /** Computed from the writer's text by `canonical`. */
  | "convert"
  /** Not in the checksum. */
  | "skip";

export type CanonicalColumn = {
  name: string;
  /** The target column's type, `format_type` text. */
  type: string;
  form: CanonicalForm;
  /** The canonical text for the text the writer sends (unescaped), undefined when there is none. */
  canonical: (raw: string) => string | undefined;
  /** Why a `skip` column is left out. */
  skipReason: string | null;
  /** SQL for the column's text as stored (evaluated once per row)... */
  baseSql: string;
  /** ...and the canonical text built from it, COPY-escaped (NULL stays NULL). */
  fieldSql: (base: string) => string;
};

export type CanonicalColumnInput = {
  name: string;
  target: Pick<HologresColumn, "type" | "typeName" | "category" | "elementType">;
  /** MaxCompute type text of the source column (`string` for constants and an appended partition value). */
  sourceType: string;
  /**
   * `native` when the values arrive as the source database's own text (a PostgreSQL COPY
   * `t`, a wall-clock timestamp without `+00`, MySQL's DATETIME text) rather than in the
   * writer's form (what the MaxCompute decoder writes): booleans and timestamps then convert.
   */
  sourceText?: "writer" | "native";
};

export type CanonicalPlanContext = {
  /** `server_version_num`: floats need PostgreSQL 12's shortest float output, trim_scale 13. */
  serverVersionNum: number;
  /** How the writer sends values: COPY text (fast mode) or query parameters (SQL mode). */
  textForm: "copy" | "sql";
};

const identity = (raw: string): string => raw;
const asIs = (text: string): string => text;
const SPACES = "[ \\t\\n\\r\\v\\f]*";
const INTEGER = new RegExp(`^${SPACES}([+-]?)0*(\\d+)${SPACES}$`);
const DATE = new RegExp(`^${SPACES}(\\d{4})-(\\d{2})-(\\d{2})((?: BC)?)${SPACES}$`, "i");
const TIMESTAMP = new RegExp(
  `^${SPACES}(\\d{4})-(\\d{2})-(\\d{2})(?:[ Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?)?${SPACES}(Z|z|[+-]\\d{2}(?::?\\d{2})?)?((?: BC)?)${SPACES}$`,
  "i",
);
const INTEGER_KINDS = new Set(["tinyint", "smallint", "int", "bigint"]);
const TEXT_TYPES = new Set(["text", "varchar", "bpchar", "json", "jsonb"]);

/** COPY text escaping of a value (the writer's escaping). */
export function escapeCopyText(text: string): string {
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t")) : text;
}

/** SQL that escapes a text expression as COPY text does. */
function escapeSql(expression: string): string {
  return `replace(replace(replace(replace(${expression}, '\\', '\\\\'), E'\\n', '\\n'), E'\\r', '\\r'), E'\\t', '\\t')`;
}

/** PostgreSQL's float8 text in JavaScript's notation: exponents -6 to 20 written out, no zero padding. */
function javascriptFloatSql(text: string): string {
  return `CASE WHEN strpos(${text}, 'e') = 0 THEN ${text} WHEN split_part(${text}, 'e', 2)::int BETWEEN -6 AND 20 THEN ${text}::numeric::text ELSE regexp_replace(${text}, 'e([+-])0', 'e\\1') END`;
}

/** Pads a timestamp's fraction to 6 digits, as the writer writes it. */
function sixDigitFractionSql(text: string): string {
  return `CASE WHEN strpos(${text}, '.') = 0 THEN ${text} ELSE regexp_replace(${text}, '\\.([0-9]+)', '.\\1' || repeat('0', 6 - length(substring(${text} from '\\.([0-9]+)')))) END`;
}

function parseSourceType(text: string): ColumnType {
  try {
    return parseColumnType(text);
  } catch {
    return { kind: "unknown", text };
  }
}

/** `numeric(10,2)` -> 2; `character varying(5)` -> 5; `timestamp(3) with time zone` -> 3. */
function typeModifier(type: string): number[] | null {
  const match = /\(([\d\s,-]+)\)/.exec(type);
  return match ? match[1]!.split(",").map((part) => Number(part.trim())) : null;
}

export function planCanonicalColumns(columns: CanonicalColumnInput[], context: CanonicalPlanContext): CanonicalColumn[] {
  return columns.map((column) => planCanonicalColumn(column, context));
}

function planCanonicalColumn(input: CanonicalColumnInput, context: CanonicalPlanContext): CanonicalColumn {
  const { name, target } = input;
  const source = parseSourceType(input.sourceType);
  const q = quoteIdentifier(name);
  const base = { name, type: target.type, skipReason: null as string | null };
  const column = (form: CanonicalForm, canonical: (raw: string) => string | undefined, baseSql: string, fieldSql: (base: string) => string): CanonicalColumn => ({
    ...base,
    form,
    canonical,
    baseSql,
    fieldSql,
  });
  const skip = (reason: string): CanonicalColumn => ({ ...base, form: "skip", canonical: () => undefined, skipReason: reason, baseSql: "NULL", fieldSql: () => "NULL" });
  const typeName = target.typeName;
  const modifier = typeModifier(target.type);
  const native = input.sourceText === "native";

  if (TEXT_TYPES.has(typeName)) {
    const field = escapeSql;
    if (typeName === "text" || typeName === "json" || (typeName === "varchar" && !modifier)) return column("same", identity, `${q}::text`, field);
    if (typeName === "varchar") {
      const length = modifier![0]!;
      return column("convert", (raw) => truncateCharacters(raw, length), `${q}::text`, field);
    }
    if (typeName === "bpchar") {
      const length = modifier?.[0] ?? null;
      // char(n) pads with spaces; its text drops trailing spaces.
      return column("convert", (raw) => (length === null ? raw : truncateCharacters(raw, length)).replace(/ +$/, ""), `${q}::text`, field);
    }
    return column("convert", postgresJsonbText, `${q}::text`, field);
  }
  switch (typeName) {
    case "int2":
    case "int4":
    case "int8":
      return column(INTEGER_KINDS.has(source.kind) ? "same" : "convert", integerText, `${q}::text`, asIs);
    case "bool":
      return column(source.kind === "boolean" && !native ? "same" : "convert", booleanText, `${q}::text`, asIs);
    case "date":
      // SQL mode sends a DATE's negative years as they are; only COPY text rewrites them as BC.
      return column(source.kind === "date" && context.textForm === "copy" ? "same" : "convert", dateText, `${q}::text`, asIs);
    case "float4":
    case "float8": {
      if (context.serverVersionNum < 120_000) return skip("exact float text needs PostgreSQL 12 or later");
      const double = typeName === "float8";
      const base = double ? `${q}::text` : `${q}::float8::text`;
      const form: CanonicalForm = source.kind === "double" ? (double ? "float" : "convert") : source.kind === "float" ? "float" : "convert";
      const canonical = (raw: string): string | undefined => {
        const value = parseFloatInput(raw);
        if (value === undefined) return undefined;
        const stored = double ? value : toFloat4(value);
        return stored === undefined ? undefined : postgresFloatText(stored);
      };
      return column(form, canonical, base, javascriptFloatSql);
    }
    case "numeric": {
      const scale = modifier && modifier.length === 2 ? modifier[1]! : null;
      const trimmed = context.serverVersionNum >= 130_000 ? "trim_scale(%)::text" : "regexp_replace(%::text, '(\\.[0-9]*[1-9])0+$|\\.0+$', '\\1')";
      return column("convert", (raw) => postgresNumericText(raw, scale), trimmed.replace("%", q), asIs);
    }
    case "timestamptz":
    case "timestamp": {
      if (modifier && modifier[0]! < 6) return skip(`${target.type} rounds fractions of a second`);
      const zoned = typeName === "timestamptz";
      // A server's own text trims the fraction (`.5`) and a wall-clock one has no `+00`: the
      // writer's form has both, so native text converts.
      const fromInstant = !native && (source.kind === "datetime" || source.kind === "timestamp" || source.kind === "timestamp_ntz");
      const field = zoned
        ? sixDigitFractionSql
        : (text: string) => `CASE WHEN ${text} IN ('infinity', '-infinity') THEN ${text} ELSE regexp_replace(${sixDigitFractionSql(text)}, '( BC)?$', '+00\\1') END`;
      return column(fromInstant ? "same" : "convert", (raw) => timestampText(raw, zoned), `${q}::text`, field);
    }
    case "bytea":
      return column(source.kind === "binary" ? "same" : "convert", byteaText, `encode(${q}, 'hex')`, (text) => `'\\\\x' || ${text}`);
    case "_int2":
    case "_int4":
    case "_int8":
      if (source.kind === "array" && INTEGER_KINDS.has(source.element.kind)) return column("same", identity, `${q}::text`, asIs);
      return skip(`${target.type} receives ${input.sourceType.toUpperCase()} in a form the checksum does not model`);
    default:
      return skip(`${target.type} has no exact canonical text`);
  }
}

/** varchar(n) and char(n) cut a longer value to n characters (the server accepts that only when the rest is spaces). */
function truncateCharacters(raw: string, length: number): string {
  if (raw.length <= length) return raw;
  const characters = Array.from(raw);
  return characters.length <= length ? raw : characters.slice(0, length).join("");
}

function integerText(raw: string): string | undefined {
  const match = INTEGER.exec(raw);
  if (!match) return undefined;
  return match[1] === "-" && match[2] !== "0" ? `-${match[2]}` : match[2];
}

/** PostgreSQL's boolean input: prefixes of true/false/yes/no, on, off, 1, 0, any case. */
function booleanText(raw: string): string | undefined {
  const value = raw.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, "").toLowerCase();
  if (value === "") return undefined;
  if ("true".startsWith(value) || "yes".startsWith(value) || value === "on" || value === "1") return "true";
  if ("false".startsWith(value) || "no".startsWith(value) || value === "of" || value === "off" || value === "0") return "false";
  return undefined;
}

function isLeapYear(astronomicalYear: number): boolean {
  return astronomicalYear % 4 === 0 && (astronomicalYear % 100 !== 0 || astronomicalYear % 400 === 0);
}

function validDate(year: number, month: number, day: number, bc: boolean): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(bc ? 1 - year : year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1]!;
}

function dateText(raw: string): string | undefined {
  const special = raw.trim().toLowerCase();
  if (special === "infinity" || special === "-infinity") return special;
  const match = DATE.exec(raw);
  if (!match) return undefined;
  const bc = match[4] !== "";
  if (!validDate(Number(match[1]), Number(match[2]), Number(match[3]), bc)) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}${bc ? " BC" : ""}`;
}

/** Days from 1970-01-01 of a proleptic Gregorian date (astronomical year). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * A timestamp in the writer's form, `YYYY-MM-DD HH:MM:SS[.ffffff]+00[ BC]`, from ISO input.
 * timestamptz needs an explicit zone (without one the server reads the session's time zone);
 * timestamp ignores a zone, as the server does.
 */
function timestampText(raw: string, zoned: boolean): string | undefined {
  const special = raw.trim().toLowerCase();
  if (special === "infinity" || special === "-infinity") return special;
  const match = TIMESTAMP.exec(raw);
  if (!match) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone, bcText] = match;
  const bc = bcText !== "";
  const year = Number(y);
  if (!validDate(year, Number(mo), Number(d), bc) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const micros = fraction === "" ? 0 : Number(fraction.padEnd(6, "0"));
  if (!zoned) return `${y}-${mo}-${d} ${h}:${mi}:${s}${micros ? `.${pad(micros, 6)}` : ""}+00${bc ? " BC" : ""}`;
  if (zone === undefined) return undefined;
  let offsetSeconds = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    offsetSeconds = (zone[0] === "-" ? -1 : 1) * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || "0") * 60);
  }
  const seconds = daysFromCivil(bc ? 1 - year : year, Number(mo), Number(d)) * 86400 + Number(h) * 3600 + Number(mi) * 60 + Number(s) - offsetSeconds;
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  const civil = civilFromDays(days);
  const utcBc = civil.year <= 0;
  const shownYear = utcBc ? 1 - civil.year : civil.year;
  const time = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return `${pad(shownYear, 4)}-${pad(civil.month)}-${pad(civil.day)} ${time}${micros ? `.${pad(micros, 6)}` : ""}+00${utcBc ? " BC" : ""}`;
}

/** bytea input: hex format (`\x0A0b`), or escape format without backslashes (the text's UTF-8 bytes). */
function byteaText(raw: string): string | undefined {
  if (raw.startsWith("\\x")) return /^\\x(?:[0-9a-fA-F]{2})*$/.test(raw) ? raw.toLowerCase() : undefined;
  if (raw.includes("\\")) return undefined;
  return `\\x${Buffer.from(raw, "utf8").toString("hex")}`;
}
