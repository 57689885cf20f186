/**
 * A streaming RFC 4180 CSV parser: quoted fields may hold commas, doubled quotes and line
 * breaks. Each record is returned with a flag per field telling whether it was quoted, so
 * the loader can tell an empty string ("") from a missing value (nothing).
 */
export type CsvRecord = { fields: string[]; quoted: boolean[] };

export class CsvRecordParser {
  private field = "";
  private fields: string[] = [];
  private quotedFlags: boolean[] = [];
  private inQuotes = false;
  private wasQuoted = false;
  private quotePending = false;
  private lastWasCr = false;
  private sawAny = false;

  constructor(private readonly delimiter = ",") {}

  /** Parses a chunk of text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const delimiter = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          // fall through: the character after a closing quote is handled below
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          this.field += ch;
          continue;
        }
      }
      if (ch === "\n" && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = ch === "\r";
      if (ch === delimiter) {
        this.endField();
      } else if (ch === "\n" || ch === "\r") {
        this.endRecord(out);
      } else if (ch === '"' && this.field === "" && !this.wasQuoted) {
        this.inQuotes = true;
        this.wasQuoted = true;
        this.sawAny = true;
      } else {
        this.field += ch;
        this.sawAny = true;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record when the text did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new Error("The CSV ends inside a quoted field (a closing \" is missing).");
    if (this.sawAny || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.quotedFlags.push(this.wasQuoted);
    this.field = "";
    this.wasQuoted = false;
    this.sawAny = true;
  }

  private endRecord(out: CsvRecord[]): void {
    if (!this.sawAny && this.fields.length === 0) return; // blank line
    this.endField();
    out.push({ fields: this.fields, quoted: this.quotedFlags });
    this.fields = [];
    this.quotedFlags = [];
    this.sawAny = false;
  }
}
