import { MaxComputeError } from "./maxcompute-error";

/** A parsed MaxCompute column type. `unknown` keeps types this connector cannot decode
 * (INTERVAL, GEOGRAPHY, ...) readable in schemas; decoding them fails with UNSUPPORTED_TYPE. */
export type ColumnType =
  | {
      kind:
        | "tinyint"
        | "smallint"
        | "int"
        | "bigint"
        | "float"
        | "double"
        | "string"
        | "binary"
        | "boolean"
        | "date"
        | "datetime"
        | "timestamp"
        | "timestamp_ntz"
        | "json";
    }
  | { kind: "decimal"; precision: number; scale: number }
  | { kind: "varchar" | "char"; length: number }
  | { kind: "array"; element: ColumnType }
  | { kind: "map"; key: ColumnType; value: ColumnType }
  | { kind: "struct"; fields: { name: string; type: ColumnType }[] }
  | { kind: "unknown"; text: string };

const SIMPLE = new Set([
  "tinyint",
  "smallint",
  "int",
  "bigint",
  "float",
  "double",
  "string",
  "binary",
  "boolean",
  "date",
  "datetime",
  "timestamp",
  "timestamp_ntz",
  "json",
]);

/**
 * Parses MaxCompute type text as the service returns it in schemas (`BIGINT`,
 * `decimal(38,18)`, `varchar(20)`, `array<bigint>`, `map<string,bigint>`,
 * `struct<x:int,y:varchar(256)>`). Case-insensitive; struct field names keep their case.
 */
export function parseColumnType(text: string): ColumnType {
  const parser = new TypeParser(text);
  const type = parser.parseType();
  parser.skipSpaces();
  if (!parser.atEnd()) throw parser.fail("unexpected text after the type");
  return type;
}

/** Canonical lower-case type text (`decimal(38,18)`, `array<string>`). */
export function formatColumnType(type: ColumnType): string {
  switch (type.kind) {
    case "decimal":
      return `decimal(${type.precision},${type.scale})`;
    case "varchar":
    case "char":
      return `${type.kind}(${type.length})`;
    case "array":
      return `array<${formatColumnType(type.element)}>`;
    case "map":
      return `map<${formatColumnType(type.key)},${formatColumnType(type.value)}>`;
    case "struct":
      return `struct<${type.fields.map((f) => `${f.name}:${formatColumnType(f.type)}`).join(",")}>`;
    case "unknown":
      return type.text.toLowerCase();
    default:
      return type.kind;
  }
}

/** Normalizes type text to the lower-case canonical form (`DECIMAL(38, 18)` -> `decimal(38,18)`). */
export function normalizeColumnTypeText(text: string): string {
  return formatColumnType(parseColumnType(text));
}

class TypeParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  fail(reason: string): MaxComputeError {
    return new MaxComputeError(
      "UNSUPPORTED_TYPE",
      `Cannot parse the MaxCompute type "${this.text}" (${reason} at position ${this.pos}).`,
    );
  }

  private expect(ch: string): void {
    this.skipSpaces();
    if (this.text[this.pos] !== ch) throw this.fail(`expected "${ch}"`);
    this.pos++;
  }

  private word(): string {
    this.skipSpaces();
    if (this.text[this.pos] === "`") {
      const end = this.text.indexOf("`", this.pos + 1);
      if (end < 0) throw this.fail("unterminated `name`");
      const name = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return name;
    }
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9_]/.test(this.text[this.pos])) this.pos++;
    if (start === this.pos) throw this.fail("expected a name");
    return this.text.slice(start, this.pos);
  }

  private integer(): number {
    this.skipSpaces();
    const start = this.pos;
    while (this.pos < this.text.length && /[0-9]/.test(this.text[this.pos])) this.pos++;
    if (start === this.pos) throw this.fail("expected a number");
    return Number(this.text.slice(start, this.pos));
  }

  private peek(): string | undefined {
    this.skipSpaces();
    return this.text[this.pos];
  }

  parseType(): ColumnType {
    const name = this.word().toLowerCase();
    switch (name) {
      case "integer":
        return { kind: "int" };
      case "decimal": {
        if (this.peek() !== "(") return { kind: "decimal", precision: 38, scale: 18 };
        this.expect("(");
        const precision = this.integer();
        let scale = 0;
        if (this.peek() === ",") {
          this.expect(",");
          scale = this.integer();
        }
        this.expect(")");
        return { kind: "decimal", precision, scale };
      }
      case "varchar":
      case "char": {
        this.expect("(");
        const length = this.integer();
        this.expect(")");
        return { kind: name, length };
      }
      case "array": {
        this.expect("<");
        const element = this.parseType();
        this.expect(">");
        return { kind: "array", element };
      }
      case "map": {
        this.expect("<");
        const key = this.parseType();
        this.expect(",");
        const value = this.parseType();
        this.expect(">");
        return { kind: "map", key, value };
      }
      case "struct": {
        this.expect("<");
        const fields: { name: string; type: ColumnType }[] = [];
        for (;;) {
          const fieldName = this.word();
          this.expect(":");
          fields.push({ name: fieldName, type: this.parseType() });
          if (this.peek() === ",") {
            this.expect(",");
            continue;
          }
          this.expect(">");
          return { kind: "struct", fields };
        }
      }
      default:
        if (SIMPLE.has(name)) return { kind: name } as ColumnType;
        return { kind: "unknown", text: this.skipUnknownArgs(name) };
    }
  }

  /** Consumes `(...)` or `<...>` after an unknown type name so its text survives. */
  private skipUnknownArgs(name: string): string {
    const open = this.peek();
    if (open !== "(" && open !== "<") return name;
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === "(" || ch === "<") depth++;
      else if (ch === ")" || ch === ">") {
        depth--;
        if (depth === 0) break;
      }
    }
    return name + this.text.slice(start, this.pos);
  }
}
