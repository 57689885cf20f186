import { isUtf8 } from "node:buffer";
import mysql from "mysql2";
import type { CopyTextBatch } from "../../copy-text/copy-text-batch";
import { copyFieldText } from "../../copy-text/copy-text-encoder";
import type { RowValue } from "../../row-value";
import type { NeutralColumnType } from "../neutral-column-type";
import { mysqlValueConverter } from "./mysql-type-system";

/**
 * Turns the rows of a MySQL text-protocol result straight into PostgreSQL COPY text: each
 * row packet's fields are copied as bytes (with COPY's backslash escapes) wherever the
 * server's text already is the text the value path would write, so no JS value, string or
 * Buffer is made per cell. The bytes are exactly those `CopyTextEncoder.appendRow` gives for
 * the rows the reader's `read` returns (tested byte for byte on MariaDB).
 *
 * What is copied as it is: integers without leading zeros, DECIMAL, DATETIME, TIME, ENUM,
 * SET, JSON and text in UTF-8 (valid UTF-8 only: 0x5C, 0x0A, 0x0D and 0x09 never occur
 * inside a multi-byte sequence, so escaping bytes is escaping characters), DATE without a
 * zero or negative year, TIMESTAMP (plus `+00`: the session is UTC), DOUBLE text that
 * JavaScript would write the same way (no exponent, not below 1e-6), BIT(1) as
 * true/false, bytes as `\\x` hex. Anything else (ZEROFILL, zero dates, exponents, other
 * character sets, invalid UTF-8, wide BIT) takes the value path for that one cell: the
 * driver's own packet reader, the reader's converter, the engine's COPY encoder.
 */

/** What the reader's output column i is: a query column (by index) or a constant. */
export type CopyTextOutput = { kind: "column"; index: number; type: NeutralColumnType; isDate: boolean } | { kind: "constant"; value: string };

/** The parts of mysql2's ColumnDefinition the encoder reads. */
export type MysqlResultField = { columnType: number; characterSet: number; encoding: string; extendedFormat?: string };

/** The parts of mysql2's row packet the encoder reads; `offset` is the first field's first byte. */
export type MysqlRowPacket = {
  buffer: Buffer;
  offset: number;
  end: number;
  readLengthCodedString(encoding: string): string | null;
  readLengthCodedBuffer(): Buffer | null;
  parseLengthCodedIntNoBigCheck(): number | null;
  parseLengthCodedIntString(): string | null;
};

const T = mysql.Types;
const BINARY_CHARSET = 63;
const NULL_MARKER = 0xfb;

const enum Form {
  /** Bytes copied with COPY escapes (valid UTF-8 checked when a byte is 0x80 or more). */
  Text,
  /** Digits: copied unless a leading zero (ZEROFILL) needs the value path. */
  Integer,
  Date,
  Timestamp,
  Double,
  Boolean,
  Hex,
  /** The driver's value, the reader's converter, the engine's encoder. */
  Value,
}

type FieldPlan = { form: Form; field: MysqlResultField; convert: (value: unknown) => RowValue; isDate: boolean };

/** Output buffers are this size; a batch ends when the next row might not fit. */
const BLOCK_BYTES = 1024 * 1024;
/** Released blocks kept for reuse, per reader: a channel holds a COPY batch's worth (up to 16 MB) until it is accepted. */
const FREE_BLOCKS = 48;

const HEX = Buffer.from("0123456789abcdef", "latin1");
const TRUE_BYTES = Buffer.from("true", "latin1");
const FALSE_BYTES = Buffer.from("false", "latin1");

type FastBuffer = Buffer & { utf8Write(text: string, offset: number): number };

/** Output blocks handed back by the writer once the COPY batch holding their rows is accepted. */
export class CopyTextBlockPool {
  private readonly free: FastBuffer[] = [];

  take(size: number): FastBuffer {
    if (size <= BLOCK_BYTES) {
      const block = this.free.pop();
      if (block) return block;
      size = BLOCK_BYTES;
    }
    return Buffer.allocUnsafe(size) as FastBuffer;
  }

  give(block: FastBuffer): void {
    if (block.length === BLOCK_BYTES && this.free.length < FREE_BLOCKS) this.free.push(block);
  }
}

/** Which fields can be copied as bytes, decided once the result's columns are known. */
function fieldPlan(output: Extract<CopyTextOutput, { kind: "column" }>, field: MysqlResultField): FieldPlan {
  const convert = mysqlValueConverter(output.type);
  const plan = (form: Form): FieldPlan => ({ form, field, convert, isDate: output.isDate });
  const binary = field.characterSet === BINARY_CHARSET;
  const utf8 = field.encoding === "utf8" || field.columnType === T.JSON;
  const type = output.type;
  if (field.extendedFormat === "json") return plan(utf8 ? Form.Text : Form.Value);
  switch (type.kind) {
    case "integer":
      if (/^bit/i.test(type.nativeType)) return plan(Form.Value);
      // BIGINT UNSIGNED keeps the driver's text as it is, leading zeros and all.
      if ((type.precision ?? 64) > 64) return plan(field.columnType === T.LONGLONG ? Form.Text : Form.Value);
      return plan(isIntegerField(field.columnType) ? Form.Integer : Form.Value);
    case "boolean":
      return plan(field.columnType === T.BIT && binary ? Form.Boolean : Form.Value);
    case "float":
      return plan(field.columnType === T.DOUBLE || field.columnType === T.FLOAT ? Form.Double : Form.Value);
    case "binary":
      return plan(binary ? Form.Hex : Form.Value);
    case "date":
      return plan(field.columnType === T.DATE || field.columnType === T.NEWDATE ? Form.Date : Form.Value);
    case "timestamp":
      return plan(field.columnType === T.TIMESTAMP || field.columnType === T.DATETIME ? Form.Timestamp : Form.Value);
    case "decimal":
    case "datetime":
      return plan(asciiField(field.columnType) ? Form.Text : Form.Value);
    case "string":
    case "json":
      if (asciiField(field.columnType) || field.columnType === T.JSON) return plan(Form.Text);
      return plan(!binary && utf8 && isStringField(field.columnType) ? Form.Text : Form.Value);
    default:
      return plan(Form.Value);
  }
}

function isIntegerField(columnType: number): boolean {
  return columnType === T.TINY || columnType === T.SHORT || columnType === T.LONG || columnType === T.INT24 || columnType === T.YEAR || columnType === T.LONGLONG;
}

/** Types mysql2 reads as ASCII text: their bytes are the value's text. */
function asciiField(columnType: number): boolean {
  return columnType === T.DECIMAL || columnType === T.NEWDECIMAL || columnType === T.DATE || columnType === T.NEWDATE || columnType === T.DATETIME || columnType === T.TIMESTAMP || columnType === T.TIME;
}

/** Types mysql2 reads as text in the field's character set (or as bytes, for the binary one). */
function isStringField(columnType: number): boolean {
  return (
    columnType === T.VAR_STRING || columnType === T.STRING || columnType === T.VARCHAR || columnType === T.TINY_BLOB || columnType === T.MEDIUM_BLOB || columnType === T.LONG_BLOB || columnType === T.BLOB || columnType === T.ENUM || columnType === T.SET
  );
}

/** The value mysql2 would give for this field with the reader's connection options (see `connectMysql`). */
function driverValue(packet: MysqlRowPacket, field: MysqlResultField): unknown {
  if (field.extendedFormat === "json") return packet.readLengthCodedString(field.encoding);
  switch (field.columnType) {
    case T.TINY:
    case T.SHORT:
    case T.LONG:
    case T.INT24:
    case T.YEAR:
      return packet.parseLengthCodedIntNoBigCheck();
    case T.LONGLONG:
      return packet.parseLengthCodedIntString();
    case T.FLOAT:
    case T.DOUBLE: {
      // The exact double of the server's text (mysql2's own parser can be off in the last place).
      const text = packet.readLengthCodedString("latin1");
      return text === null ? null : Number(text);
    }
    case T.DECIMAL:
    case T.NEWDECIMAL:
    case T.DATE:
    case T.NEWDATE:
    case T.DATETIME:
    case T.TIMESTAMP:
    case T.TIME:
      return packet.readLengthCodedString("ascii");
    case T.JSON:
      return packet.readLengthCodedString("utf8");
    default:
      return field.characterSet === BINARY_CHARSET ? packet.readLengthCodedBuffer() : packet.readLengthCodedString(field.encoding);
  }
}

/**
 * One reader query's rows into COPY text batches. `prepare` takes the result's columns;
 * `appendRow` takes each row packet; `takeBatch` hands the rows so far on.
 */
export class MysqlCopyTextEncoder {
  private plans: Array<FieldPlan | null> = [];
  private readonly constants: Array<Buffer | null>;
  /** Columns of the result (the split key may follow the output's columns). */
  private queryColumns = 0;
  private starts = new Int32Array(1);
  private block: FastBuffer;
  private position = 0;
  private batchStart = 0;
  private rows = 0;
  /** Bytes of the last batch: the next one starts a fresh block unless this much room is left. */
  private lastBatchBytes = 0;
  private readonly maxRowExtra: number;
  /** Escaping at most doubles a field (hex: doubles it plus 3), times the most outputs one column feeds. */
  private readonly growth: number;

  constructor(
    private readonly outputs: readonly CopyTextOutput[],
    private readonly pool: CopyTextBlockPool,
  ) {
    this.constants = outputs.map((o) => (o.kind === "constant" ? Buffer.from(copyFieldText(o.value, false), "utf8") : null));
    // Per output: a tab, and room for what a field may grow by besides escaping (true/false, +00, \\x, BIT digits).
    this.maxRowExtra = this.constants.reduce((sum, c) => sum + (c?.length ?? 0), 0) + outputs.length * 24 + 16;
    const uses = new Map<number, number>();
    for (const o of outputs) if (o.kind === "column") uses.set(o.index, (uses.get(o.index) ?? 0) + 1);
    this.growth = 2 * Math.max(1, ...uses.values());
    this.block = pool.take(BLOCK_BYTES);
  }

  /** The result's columns (mysql2's ColumnDefinitions, in query order). */
  prepare(fields: readonly MysqlResultField[]): void {
    this.queryColumns = fields.length;
    this.starts = new Int32Array(Math.max(1, fields.length));
    this.plans = this.outputs.map((o) => (o.kind === "column" ? fieldPlan(o, fields[o.index]!) : null));
  }

  get rowCount(): number {
    return this.rows;
  }

  /** COPY text bytes of the rows not yet taken. */
  get pendingBytes(): number {
    return this.position - this.batchStart;
  }

  /** The integer in query column `index` of the row just appended (its split key), or null. */
  keyOf(packet: MysqlRowPacket, index: number): bigint | null {
    const start = this.starts[index]!;
    const src = packet.buffer;
    const length = src[start]!;
    // A key is an integer: at most 20 digits, a one-byte length.
    if (length >= NULL_MARKER) return null;
    return BigInt(src.toString("latin1", start + 1, start + 1 + length));
  }

  /** Encodes one row packet; `packet.offset` is left where it was. */
  appendRow(packet: MysqlRowPacket): void {
    const src = packet.buffer;
    const packetStart = packet.offset;
    this.ensure(this.growth * (packet.end - packetStart) + this.maxRowExtra);
    // Where each query column's length header starts.
    const starts = this.starts;
    let at = packetStart;
    for (let c = 0; c < this.queryColumns; c++) {
      starts[c] = at;
      const tag = src[at]!;
      if (tag < NULL_MARKER) at += 1 + tag;
      else if (tag === NULL_MARKER) at += 1;
      else if (tag === 0xfc) at += 3 + src.readUInt16LE(at + 1);
      else if (tag === 0xfd) at += 4 + src.readUIntLE(at + 1, 3);
      else at += 9 + Number(src.readBigUInt64LE(at + 1));
    }
    const outputs = this.outputs;
    for (let i = 0; i < outputs.length; i++) {
      if (i > 0) this.block[this.position++] = 0x09;
      const constant = this.constants[i];
      if (constant) {
        this.copyBytes(constant, 0, constant.length);
        continue;
      }
      const plan = this.plans[i]!;
      const start = starts[(outputs[i] as { index: number }).index]!;
      const tag = src[start]!;
      if (tag === NULL_MARKER) {
        this.block[this.position++] = 0x5c;
        this.block[this.position++] = 0x4e;
        continue;
      }
      let from: number;
      let length: number;
      if (tag < NULL_MARKER) {
        from = start + 1;
        length = tag;
      } else if (tag === 0xfc) {
        from = start + 3;
        length = src.readUInt16LE(start + 1);
      } else if (tag === 0xfd) {
        from = start + 4;
        length = src.readUIntLE(start + 1, 3);
      } else {
        from = start + 9;
        length = Number(src.readBigUInt64LE(start + 1));
      }
      if (!this.appendField(plan, src, from, from + length)) this.appendValue(plan, packet, start);
    }
    this.block[this.position++] = 0x0a;
    this.rows += 1;
    packet.offset = packetStart;
  }

  /** The field as bytes; false when it needs the value path. */
  private appendField(plan: FieldPlan, src: Buffer, from: number, end: number): boolean {
    const out = this.block;
    switch (plan.form) {
      case Form.Text:
        return this.copyEscaped(src, from, end);
      case Form.Integer:
        // ZEROFILL digits: the value path drops the zeros.
        if (end - from > 1 && (src[from] === 0x30 || (src[from] === 0x2d && src[from + 1] === 0x30))) return false;
        this.copyBytes(src, from, end);
        return true;
      case Form.Date:
        // Year 0 and negative years are rewritten by the engine's DATE rule (formatDate).
        if (src[from] === 0x2d || (src[from] === 0x30 && src[from + 1] === 0x30 && src[from + 2] === 0x30 && src[from + 3] === 0x30)) return false;
        this.copyBytes(src, from, end);
        return true;
      case Form.Timestamp: {
        // A zero date (or zero month or day) stays as it is, without +00: refused by the target as a dirty row.
        if (end - from < 10 || (src[from + 5] === 0x30 && src[from + 6] === 0x30) || (src[from + 8] === 0x30 && src[from + 9] === 0x30)) return false;
        this.copyBytes(src, from, end);
        out[this.position++] = 0x2b;
        out[this.position++] = 0x30;
        out[this.position++] = 0x30;
        return true;
      }
      case Form.Double: {
        // JavaScript writes exponents (e+20) and numbers below 1e-6 (1e-7) differently.
        let at = from;
        if (src[at] === 0x2d) at++;
        if (src[at] === 0x30 && end - at > 8 && src[at + 2] === 0x30 && src[at + 3] === 0x30 && src[at + 4] === 0x30 && src[at + 5] === 0x30 && src[at + 6] === 0x30 && src[at + 7] === 0x30) return false;
        for (let i = at; i < end; i++) {
          const c = src[i]!;
          if (c === 0x65 || c === 0x45 || c === 0x4e || c === 0x49 || c === 0x6e || c === 0x69) return false;
        }
        this.copyBytes(src, from, end);
        return true;
      }
      case Form.Boolean: {
        if (end - from !== 1) return false;
        const text = src[from] === 1 ? TRUE_BYTES : FALSE_BYTES;
        this.copyBytes(text, 0, text.length);
        return true;
      }
      case Form.Hex: {
        // bytea hex input `\x...`, its backslash escaped for COPY.
        let p = this.position;
        out[p++] = 0x5c;
        out[p++] = 0x5c;
        out[p++] = 0x78;
        for (let i = from; i < end; i++) {
          const b = src[i]!;
          out[p++] = HEX[b >> 4]!;
          out[p++] = HEX[b & 15]!;
        }
        this.position = p;
        return true;
      }
      default:
        return false;
    }
  }

  /** Copies bytes that need no escapes (digits, dates). A loop: Buffer#copy costs more than it moves for a few bytes. */
  private copyBytes(src: Buffer, from: number, end: number): void {
    const out = this.block;
    let p = this.position;
    for (let i = from; i < end; i++) out[p++] = src[i]!;
    this.position = p;
  }

  /** Copies text bytes with COPY's escapes; false (nothing written) for invalid UTF-8. */
  private copyEscaped(src: Buffer, from: number, end: number): boolean {
    const out = this.block;
    let p = this.position;
    let high = 0;
    for (let i = from; i < end; i++) {
      const c = src[i]!;
      if (c > 0x5c) {
        out[p++] = c;
        high |= c;
      } else if (c === 0x5c) {
        out[p++] = 0x5c;
        out[p++] = 0x5c;
      } else if (c > 0x0d || c < 0x09 || c === 0x0b || c === 0x0c) {
        out[p++] = c;
      } else {
        out[p++] = 0x5c;
        out[p++] = c === 0x0a ? 0x6e : c === 0x0d ? 0x72 : 0x74;
      }
    }
    if (high >= 0x80 && !isUtf8(src.subarray(from, end))) return false;
    this.position = p;
    return true;
  }

  /** The value path for one field: what `read` + `CopyTextEncoder` would write. */
  private appendValue(plan: FieldPlan, packet: MysqlRowPacket, start: number): void {
    packet.offset = start;
    const value = plan.convert(driverValue(packet, plan.field));
    const text = value === null ? "\\N" : copyFieldText(value, plan.isDate);
    this.ensure(text.length * 3 + this.maxRowExtra);
    this.position += this.block.utf8Write(text, this.position);
  }

  /** Room for `bytes` more: a fresh block for the batch (its rows so far moved over) when this one is full. */
  private ensure(bytes: number): void {
    if (this.position + bytes <= this.block.length) return;
    const pending = this.position - this.batchStart;
    const next = this.pool.take(pending + bytes);
    this.block.copy(next, 0, this.batchStart, this.position);
    if (this.batchStart === 0) this.pool.give(this.block);
    this.block = next;
    this.batchStart = 0;
    this.position = pending;
  }

  /**
   * The rows encoded since the last call, or null. The batch's `release` gives its block back
   * for reuse once the writer is done with it; the encoder moves on to a fresh block when
   * little room is left.
   */
  takeBatch(): CopyTextBatch | null {
    if (this.rows === 0) return null;
    const block = this.block;
    const bytes = block.subarray(this.batchStart, this.position);
    const rowCount = this.rows;
    this.rows = 0;
    let release: (() => void) | undefined;
    this.lastBatchBytes = bytes.length;
    // A block is reused only when its last batch is released (the writer releases in order).
    if (this.block.length - this.position < this.lastBatchBytes + (this.lastBatchBytes >> 2)) {
      const pool = this.pool;
      release = () => pool.give(block);
      this.block = this.pool.take(BLOCK_BYTES);
      this.batchStart = 0;
      this.position = 0;
    } else {
      this.batchStart = this.position;
    }
    return { rowCount, bytes, release };
  }

  /** The encoder is done: its block goes back unless a batch still views it. */
  close(): void {
    if (this.batchStart === 0 && this.position === 0) this.pool.give(this.block);
  }
}
