import { jsonbNumberText } from "./canonical-numbers";

/**
 * JSON text as a jsonb column gives it back (`jsonb::text`): object keys sorted by length,
 * then by their bytes, a repeated key keeping its last value, `", "` and `": "` between
 * items, strings re-escaped (only `"`, `\`, and control characters), numbers as numerics.
 * Undefined when the text is not JSON that jsonb accepts (a `\u0000`, a lone surrogate),
 * or nests deeper than this function follows.
 */
export function postgresJsonbText(raw: string): string | undefined {
  if (LONE_SURROGATE.test(raw)) return undefined;
  const parser = new JsonbParser(raw);
  try {
    parser.skipSpace();
    const value = parser.value(0);
    parser.skipSpace();
    return parser.atEnd() ? value : undefined;
  } catch (error) {
    if (error === NOT_JSONB) return undefined;
    throw error;
  }
}

const NOT_JSONB = Symbol("not jsonb");
// Sent as UTF-8, a lone surrogate becomes U+FFFD: not the text this function would read.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 500;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonbParser {
  private position = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position === this.text.length;
  }

  skipSpace(): void {
    const text = this.text;
    while (this.position < text.length) {
      const c = text.charCodeAt(this.position);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.position++;
    }
  }

  private fail(): never {
    throw NOT_JSONB;
  }

  value(depth: number): string {
    if (depth > MAX_DEPTH) this.fail();
    const c = this.text[this.position];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return quoteJsonString(this.string());
    for (const literal of ["true", "false", "null"]) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return literal;
      }
    }
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail();
    this.position += match[0].length;
    return jsonbNumberText(match[0]) ?? this.fail();
  }

  private object(depth: number): string {
    this.position++;
    const members = new Map<string, string>();
    this.skipSpace();
    if (this.text[this.position] === "}") {
      this.position++;
      return "{}";
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] !== '"') this.fail();
      const key = this.string();
      this.skipSpace();
      if (this.text[this.position] !== ":") this.fail();
      this.position++;
      this.skipSpace();
      // A repeated key keeps its last value (and Map keeps one entry).
      members.delete(key);
      members.set(key, this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.position++];
      if (next === "}") break;
      if (next !== ",") this.fail();
    }
    const keys = [...members.keys()].map((key) => ({ key, bytes: Buffer.from(key, "utf8") }));
    keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
    return `{${keys.map(({ key }) => `${quoteJsonString(key)}: ${members.get(key)}`).join(", ")}}`;
  }

  private array(depth: number): string {
    this.position++;
    const items: string[] = [];
    this.skipSpace();
    if (this.text[this.position] === "]") {
      this.position++;
      return "[]";
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.position++];
      if (next === "]") break;
      if (next !== ",") this.fail();
    }
    return `[${items.join(", ")}]`;
  }

  /** A JSON string at the cursor, unescaped. */
  private string(): string {
    const text = this.text;
    let out = "";
    let start = ++this.position;
    for (;;) {
      if (this.position >= text.length) this.fail();
      const c = text.charCodeAt(this.position);
      if (c === 0x22) break;
      if (c < 0x20) this.fail();
      if (c !== 0x5c) {
        this.position++;
        continue;
      }
      out += text.slice(start, this.position);
      const escape = text[this.position + 1];
      this.position += 2;
      switch (escape) {
        case '"':
        case "\\":
        case "/":
          out += escape;
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u":
          out += this.unicodeEscape();
          break;
        default:
          this.fail();
      }
      start = this.position;
    }
    out += text.slice(start, this.position);
    this.position++;
    return out;
  }

  private hex4(): number {
    const digits = this.text.slice(this.position, this.position + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail();
    this.position += 4;
    return parseInt(digits, 16);
  }

  /** `\uXXXX` (after the `\u`): a surrogate pair must come whole; `\u0000` jsonb refuses. */
  private unicodeEscape(): string {
    const unit = this.hex4();
    if (unit === 0) this.fail();
    if (unit >= 0xdc00 && unit <= 0xdfff) this.fail();
    if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
    if (this.text.slice(this.position, this.position + 2) !== "\\u") this.fail();
    this.position += 2;
    const low = this.hex4();
    if (low < 0xdc00 || low > 0xdfff) this.fail();
    return String.fromCharCode(unit, low);
  }
}

/** A string as jsonb's output escapes it (PostgreSQL's escape_json). */
function quoteJsonString(value: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += value.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      default:
        out += `\\u${c.toString(16).padStart(4, "0")}`;
    }
  }
  return `${out}${value.slice(start)}"`;
}
