import { RowChecksum } from "../../verification/row-checksum";
import type { CopyTextBatch, DirtyRecord, RowValue, WrittenRowsDigest } from "../connector-types";
import { escapeCopyText, type CanonicalColumn } from "./canonical-text";
import { copyFieldText, valueToText } from "./copy-text-encoder";

/**
 * The source side of the verification: counts the rows a Hologres writer is handed and, for
 * a checksum, adds up each row's canonical text (see `canonical-text.ts`) as it streams past.
 *
 * COPY text straight from the Tunnel decoder is already the canonical row text when every
 * column's form is `same` (or `float` and no double of 2^53 or more is in the batch): then
 * each line's bytes are hashed as they are. Otherwise a line is split into its fields and the
 * fields that need it are converted.
 */

export type RowsDigestPlan = {
  columns: CanonicalColumn[];
  /** Values the writer appends to every row it is handed (an unmapped partition value). */
  appendedValues: string[];
  /** How the writer turns values into text: COPY text (fast mode) or query parameters (SQL mode). */
  textForm: "copy" | "sql";
  /** Source columns holding MaxCompute DATE text (the writer rewrites negative years). */
  dateColumns: ReadonlySet<number>;
  checksum: boolean;
};

const NEWLINE = 0x0a;
const TAB = 0x09;
const NULL_FIELD = "\\N";
const PLUS_EXPONENT = Buffer.from("e+");
const BIG_FLOAT_TEXT = /e\+|\d{16}/;

/** Doubles of 2^53 and more are the only ones whose PostgreSQL text differs from JavaScript's. */
function mayHoldBigFloat(bytes: Buffer, start: number, end: number): boolean {
  const exponent = bytes.indexOf(PLUS_EXPONENT, start);
  if (exponent >= 0 && exponent < end) return true;
  let run = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x30 && c <= 0x39) {
      if (++run >= 16) return true;
    } else run = 0;
  }
  return false;
}

function unescapeCopyText(text: string): string {
  if (!text.includes("\\")) return text;
  return text.replace(/\\(.)/gs, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c));
}

export class HologresRowsDigest implements WrittenRowsDigest {
  rows = 0;
  private readonly sum: RowChecksum | null;
  private readonly rawLines: "always" | "unless-big-float" | "never";
  private uncertainRows = 0;
  private uncertainExample: string | null = null;
  private problem: string | null = null;

  constructor(private readonly plan: RowsDigestPlan) {
    this.sum = plan.checksum ? new RowChecksum() : null;
    const forms = new Set(plan.columns.map((c) => c.form));
    this.rawLines = [...forms].every((f) => f === "same") ? "always" : [...forms].every((f) => f === "same" || f === "float") ? "unless-big-float" : "never";
  }

  addCopyText({ rowCount, bytes }: CopyTextBatch): void {
    this.rows += rowCount;
    const sum = this.sum;
    if (!sum) return;
    const raw = this.rawLines === "always" || (this.rawLines === "unless-big-float" && !mayHoldBigFloat(bytes, 0, bytes.length));
    let start = 0;
    for (let row = 0; row < rowCount; row++) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end < 0) end = bytes.length;
      if (raw || (this.rawLines === "unless-big-float" && !mayHoldBigFloat(bytes, start, end))) sum.addBytes(bytes.subarray(start, end));
      else this.addFields(this.splitLine(bytes, start, end), "escaped", 1);
      start = end + 1;
    }
  }

  addRows(rows: ReadonlyArray<ReadonlyArray<RowValue>>): void {
    this.rows += rows.length;
    if (!this.sum) return;
    const { appendedValues, textForm, dateColumns } = this.plan;
    const width = this.plan.columns.length;
    for (const row of rows) {
      const texts: Array<string | null> = new Array(width);
      for (let i = 0; i < width; i++) {
        const value = i < row.length ? row[i] : appendedValues[i - row.length];
        if (value === null || value === undefined) texts[i] = null;
        else texts[i] = textForm === "copy" ? copyFieldText(value, dateColumns.has(i)) : valueToText(value);
      }
      this.addFields(texts, textForm === "copy" ? "escaped" : "raw", 1);
    }
  }

  removeDirty(record: DirtyRecord): void {
    this.rows -= 1;
    if (!this.sum) return;
    const texts = Object.values(record.values).slice(0, this.plan.columns.length);
    // A refused row's text comes back decoded as UTF-8: bytes that were not UTF-8 no longer
    // match what was hashed while streaming.
    if (texts.some((text) => text !== null && text.includes("\uFFFD"))) {
      this.problem ??= "a refused row held text that is not valid UTF-8, so it cannot be taken out of the checksum exactly";
    }
    this.addFields(texts, "raw", -1);
  }

  merge(other: WrittenRowsDigest): void {
    const digest = other as HologresRowsDigest;
    this.rows += digest.rows;
    if (this.sum && digest.sum) this.sum.merge(digest.sum);
    this.uncertainRows += digest.uncertainRows;
    this.uncertainExample ??= digest.uncertainExample;
    this.problem ??= digest.problem;
  }

  checksum(): bigint | null {
    return this.sum && this.checksumProblem() === null ? this.sum.value() : null;
  }

  checksumProblem(): string | null {
    if (this.problem) return this.problem;
    if (this.uncertainRows > 0) {
      return `${this.uncertainRows.toLocaleString("en-US")} row${this.uncertainRows === 1 ? "" : "s"} hold a value whose stored form Synclane cannot tell exactly (${this.uncertainExample})`;
    }
    return null;
  }

  private splitLine(bytes: Buffer, start: number, end: number): string[] {
    const fields: string[] = [];
    let from = start;
    for (;;) {
      const tab = bytes.indexOf(TAB, from);
      if (tab < 0 || tab >= end) {
        fields.push(bytes.toString("utf8", from, end));
        return fields;
      }
      fields.push(bytes.toString("utf8", from, tab));
      from = tab + 1;
    }
  }

  /** One row from its fields as sent (`escaped` COPY fields or `raw` texts), added or removed. */
  private addFields(texts: ReadonlyArray<string | null>, kind: "escaped" | "raw", sign: 1 | -1): void {
    const columns = this.plan.columns;
    let line = "";
    let first = true;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      if (column.form === "skip") continue;
      let text = texts[i] ?? null;
      let field: string;
      if (text === null || (kind === "escaped" && text === NULL_FIELD)) field = NULL_FIELD;
      else if (column.form === "same" || (column.form === "float" && !BIG_FLOAT_TEXT.test(text))) field = kind === "escaped" ? text : escapeCopyText(text);
      else {
        if (kind === "escaped") text = unescapeCopyText(text);
        const canonical = column.canonical(text);
        if (canonical === undefined) {
          this.uncertain(column, text, sign);
          return;
        }
        field = escapeCopyText(canonical);
      }
      line += first ? field : `\t${field}`;
      first = false;
    }
    this.sum!.addText(line, sign);
  }

  private uncertain(column: CanonicalColumn, text: string, sign: 1 | -1): void {
    this.uncertainRows += sign;
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    this.uncertainExample ??= `column ${column.name} (${column.type}): ${JSON.stringify(shown)}`;
  }
}
