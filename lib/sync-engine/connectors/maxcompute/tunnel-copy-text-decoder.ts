import { isUtf8 } from "node:buffer";
import { copyFieldText, numberToText } from "../../copy-text/copy-text-encoder";
import type { CopyTextBatch } from "../../copy-text/copy-text-batch";
import { parseColumnType } from "./column-type";
import * as crc32cFunctions from "./crc32c";
import type { MaxComputeValue } from "./maxcompute-value";
import * as decoderModule from "./tunnel-record-decoder";
import { TunnelRecordDecoder, type DecoderColumn } from "./tunnel-record-decoder";
import * as varintFunctions from "./varint";

// Module-local copies of the hot imports (see tunnel-record-decoder.ts: imports can compile to getter calls).
const { crc32cUpdateInt32, crc32cUpdateInt64 } = crc32cFunctions;
const { bigintFromHalves } = varintFunctions;
const { END_RECORD_FIELD, META_COUNT_FIELD, NEED_MORE } = decoderModule;

/**
 * Rows encoded as PostgreSQL COPY text: `rowCount` complete lines, each ending in "\n".
 * `bytes` is a view into a buffer the decoder reuses once every batch taken from it was
 * released: a consumer that keeps the bytes (until its COPY finished, say) calls `release`
 * when done with them, and must not touch them after. A consumer that never calls it only
 * leaves the buffer to the garbage collector.
 */
export type { CopyTextBatch };

/** An output buffer and how many of the batches taken from it are not yet released. */
type OutputBlock = { bytes: FastBuffer; unreleased: number; retired: boolean };

// How a column is written: the common scalar types straight from the record bytes, the
// rest through the JS value (the same `copyFieldText` the row encoder uses).
const enum Kind {
  Int,
  BigInt,
  Double,
  Text,
  Other,
}

/** Output buffers are this large, so one holds a read batch of typical rows and is never copied. */
const OUTPUT_SIZE = 1 << 20;
/**
 * Released output buffers kept for reuse. Reuse matters: a batch lives until its COPY
 * finished, long enough for its buffer to reach V8's old space, and a fresh megabyte per
 * batch then set off a major GC every few batches (a third of the sync's CPU in the bench).
 */
const FREE_BUFFERS = 16;
const DOUBLE_CACHE_SLOTS = 256;

type FastBuffer = Buffer & { utf8Write(text: string, offset: number): number; utf8Slice(start: number, end: number): string };

/**
 * Released output buffers, for reuse by the decoders that share the pool (the reads of one
 * download session: its splits are often smaller than a few buffers).
 */
export class CopyTextBufferPool {
  private readonly free: OutputBlock[] = [];

  /** A buffer of at least `size` bytes: a released one when `size` is the usual size. */
  take(size: number): OutputBlock {
    const block = size === OUTPUT_SIZE ? this.free.pop() : undefined;
    return block ?? { bytes: Buffer.allocUnsafe(size) as FastBuffer, unreleased: 0, retired: false };
  }

  /** Keeps a buffer that no decoder writes to and no batch views any more (up to FREE_BUFFERS). */
  give(block: OutputBlock): void {
    if (block.bytes.length === OUTPUT_SIZE && this.free.length < FREE_BUFFERS) {
      block.retired = false;
      this.free.push(block);
    }
  }
}

/**
 * Decodes the Tunnel record stream straight into COPY text bytes, for fast-mode writes into
 * PostgreSQL/Hologres: no JS value per cell, no string per row. The bytes are exactly those
 * `CopyTextEncoder.appendRow` gives for the rows `TunnelRecordDecoder` returns (tested
 * byte for byte), and every checksum is verified the same way (this is a subclass).
 *
 * Integers are written as digits, STRING bytes are copied with COPY's backslash escapes
 * (0x5C, 0x0A, 0x0D and 0x09 never occur inside a multi-byte UTF-8 sequence, so escaping
 * bytes is escaping characters), DOUBLE text comes from a small per-column cache keyed by
 * the 8 bytes (typical tables repeat their doubles). Invalid UTF-8, which the value path
 * turns into U+FFFD, goes through the value path here too; so do the rarer types.
 */
export class TunnelCopyTextDecoder extends TunnelRecordDecoder {
  private readonly kinds: Kind[];
  private readonly dateColumns: boolean[];
  private readonly pool: CopyTextBufferPool;
  private block: OutputBlock;
  private out: FastBuffer;
  /** The stream ended: the current buffer is let go once its last rows are taken. */
  private streamEnded = false;
  private outPos = 0;
  /** Start of the bytes not yet taken. */
  private outStart = 0;
  private outRows = 0;
  private recordOutStart = 0;
  private readonly doubleValid: Uint8Array;
  private readonly doubleLo: Int32Array;
  private readonly doubleHi: Int32Array;
  private readonly doubleText: string[];
  private readonly f64 = new Float64Array(1);
  private readonly i32 = new Int32Array(this.f64.buffer);

  constructor({ columns, pool = new CopyTextBufferPool() }: { columns: DecoderColumn[]; pool?: CopyTextBufferPool }) {
    super({ columns });
    this.pool = pool;
    this.block = pool.take(OUTPUT_SIZE);
    this.out = this.block.bytes;
    const types = columns.map((c) => parseColumnType(c.type).kind);
    this.kinds = types.map((kind) => {
      switch (kind) {
        case "tinyint":
        case "smallint":
        case "int":
          return Kind.Int;
        case "bigint":
          return Kind.BigInt;
        case "double":
          return Kind.Double;
        case "string":
        case "varchar":
        case "char":
        case "json":
          return Kind.Text;
        default:
          return Kind.Other;
      }
    });
    this.dateColumns = types.map((kind) => kind === "date");
    const slots = columns.length * DOUBLE_CACHE_SLOTS;
    this.doubleValid = new Uint8Array(slots);
    this.doubleLo = new Int32Array(slots);
    this.doubleHi = new Int32Array(slots);
    this.doubleText = new Array<string>(slots).fill("");
  }

  /** Decodes every complete record of `chunk` (plus carried-over bytes) into COPY text. */
  pushChunk(chunk: Buffer): void {
    this.consume(chunk);
  }

  /** Call when the body ended: fails unless the whole stream, trailer included, was read. */
  endStream(): void {
    this.finishStream();
    this.streamEnded = true;
    if (this.outRows === 0) this.retire(this.block);
  }

  /** Rows encoded and not yet taken. */
  get pendingRows(): number {
    return this.outRows;
  }

  /** The rows encoded since the last call (no copy), or null when there are none. */
  take(): CopyTextBatch | null {
    if (this.outRows === 0) return null;
    const block = this.block;
    block.unreleased++;
    let released = false;
    const batch = {
      rowCount: this.outRows,
      bytes: this.out.subarray(this.outStart, this.outPos),
      release: () => {
        if (released) return;
        released = true;
        if (--block.unreleased === 0 && block.retired) this.pool.give(block);
      },
    };
    this.outStart = this.outPos;
    this.outRows = 0;
    if (this.streamEnded) this.retire(block);
    return batch;
  }

  /** The decoder writes no more into `block`: it goes back to the pool once its batches are released. */
  private retire(block: OutputBlock): void {
    block.retired = true;
    if (block.unreleased === 0) this.pool.give(block);
  }

  protected override abandonRecord(): void {
    this.outPos = this.recordOutStart;
  }

  /** Room for `bytes` more output bytes; taken bytes stay where they are (batches view them). */
  private ensure(bytes: number): void {
    if (this.outPos + bytes <= this.out.length) return;
    const kept = this.outPos - this.outStart;
    const next = this.pool.take(Math.max(OUTPUT_SIZE, (kept + bytes) * 2));
    this.out.copy(next.bytes, 0, this.outStart, this.outPos);
    this.retire(this.block);
    this.block = next;
    this.recordOutStart -= this.outStart;
    this.outPos = kept;
    this.outStart = 0;
    this.out = next.bytes;
  }

  protected override decodeRecord(): void {
    const recordStart = this.pos;
    this.recordOutStart = this.outPos;
    this.crc = 0;
    const count = this.columnCount;
    let next = 0;
    for (;;) {
      const field = this.readVarint32() >>> 3;
      if (field === END_RECORD_FIELD) {
        const expected = this.readUint32();
        if (expected !== this.crc) throw this.corrupt(`record checksum ${expected} does not match the computed ${this.crc}`);
        this.crcOfCrc = crc32cUpdateInt32(this.crcOfCrc, this.crc);
        this.records++;
        this.writeNulls(next, count);
        this.out[this.outPos++] = 0x0a;
        this.outRows++;
        return;
      }
      if (field === META_COUNT_FIELD) {
        this.readTrailer();
        return;
      }
      if (field < 1 || field > count) throw this.corrupt(`unexpected field number ${field}`);
      const index = field - 1;
      if (index < next) {
        // Fields out of column order (the SDK writers never do this, the format allows it):
        // decode this record as values and encode those.
        this.pos = recordStart;
        this.outPos = this.recordOutStart;
        this.writeRowValues(this.readRecord()!);
        return;
      }
      this.writeNulls(next, index);
      if (index > 0) this.out[this.outPos++] = 0x09;
      this.crc = crc32cUpdateInt32(this.crc, field);
      this.writeField(index);
      next = index + 1;
    }
  }

  /** `\N` for columns [from, to), each after its tab; plus room for one more separator. */
  private writeNulls(from: number, to: number): void {
    this.ensure(3 * (to - from) + 1);
    const out = this.out;
    let p = this.outPos;
    for (let i = from; i < to; i++) {
      if (i > 0) out[p++] = 0x09;
      out[p++] = 0x5c;
      out[p++] = 0x4e;
    }
    this.outPos = p;
  }

  private writeRowValues(row: MaxComputeValue[]): void {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      const text = value === null || value === undefined ? "\\N" : copyFieldText(value, this.dateColumns[i]!);
      this.writeText(i > 0 ? `\t${text}` : text);
    }
    this.ensure(1);
    this.out[this.outPos++] = 0x0a;
    this.outRows++;
  }

  private writeText(text: string): void {
    this.ensure(text.length * 3);
    this.outPos += this.out.utf8Write(text, this.outPos);
  }

  /** ASCII text (number formats) without a native call. */
  private writeAscii(text: string): void {
    this.ensure(text.length);
    const out = this.out;
    let p = this.outPos;
    for (let i = 0; i < text.length; i++) out[p++] = text.charCodeAt(i);
    this.outPos = p;
  }

  private writeField(index: number): void {
    switch (this.kinds[index]) {
      case Kind.Int: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        this.writeInteger((this.hi | 0) * 4294967296 + (this.lo >>> 0));
        return;
      }
      case Kind.BigInt: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        const h = this.hi | 0;
        // Within ±2^53 the value is exact as a number; beyond, bigint text.
        if (h >= -0x200000 && h < 0x200000) this.writeInteger(h * 4294967296 + (this.lo >>> 0));
        else this.writeAscii(bigintFromHalves(this.lo, this.hi).toString());
        return;
      }
      case Kind.Double:
        this.writeDouble(index);
        return;
      case Kind.Text:
        this.writeTextField();
        return;
      default:
        this.writeText(copyFieldText(this.readValue(this.plans[index]!), this.dateColumns[index]!));
    }
  }

  /** A safe integer as decimal digits. */
  private writeInteger(value: number): void {
    this.ensure(21);
    const out = this.out;
    let p = this.outPos;
    let v = value;
    if (v < 0) {
      out[p++] = 0x2d;
      v = -v;
    }
    if (v < 10) {
      out[p++] = 0x30 + v;
      this.outPos = p;
      return;
    }
    let digits = 0;
    for (let n = v; n >= 1; n = Math.floor(n / 10)) digits++;
    let q = p + digits;
    this.outPos = q;
    if (v < 2147483648) {
      let n = v | 0;
      while (n > 0) {
        const tenth = (n / 10) | 0;
        out[--q] = 0x30 + (n - tenth * 10);
        n = tenth;
      }
    } else {
      while (v > 0) {
        const tenth = Math.floor(v / 10);
        out[--q] = 0x30 + (v - tenth * 10);
        v = tenth;
      }
    }
  }

  private writeDouble(index: number): void {
    const p = this.pos;
    if (p + 8 > this.end) throw NEED_MORE;
    const buf = this.buf;
    const lo = buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
    const hi = buf[p + 4] | (buf[p + 5] << 8) | (buf[p + 6] << 16) | (buf[p + 7] << 24);
    this.pos = p + 8;
    this.crc = crc32cUpdateInt64(this.crc, lo, hi);
    const slot = index * DOUBLE_CACHE_SLOTS + ((lo ^ hi ^ (hi >>> 12) ^ (hi >>> 20)) & (DOUBLE_CACHE_SLOTS - 1));
    let text: string;
    if (this.doubleValid[slot] === 1 && this.doubleLo[slot] === lo && this.doubleHi[slot] === hi) {
      text = this.doubleText[slot]!;
    } else {
      this.i32[0] = lo;
      this.i32[1] = hi;
      // Number#toString: shortest round-trip text, and NaN/Infinity/-Infinity as PostgreSQL
      // reads them; but "0" for -0, whose sign float8 keeps.
      const value = this.f64[0]!;
      text = value === 0 ? numberToText(value) : String(value);
      this.doubleValid[slot] = 1;
      this.doubleLo[slot] = lo;
      this.doubleHi[slot] = hi;
      this.doubleText[slot] = text;
    }
    this.writeAscii(text);
  }

  /** STRING bytes with COPY's escapes; invalid UTF-8 goes the way of the value path. */
  private writeTextField(): void {
    const start = this.readLengthPrefixed();
    const end = this.pos;
    this.ensure(2 * (end - start));
    const buf = this.buf;
    const out = this.out;
    const first = this.outPos;
    let p = first;
    let high = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i];
      high |= c;
      if (c === 0x5c) {
        out[p++] = 0x5c;
        out[p++] = 0x5c;
      } else if (c === 0x0a) {
        out[p++] = 0x5c;
        out[p++] = 0x6e;
      } else if (c === 0x0d) {
        out[p++] = 0x5c;
        out[p++] = 0x72;
      } else if (c === 0x09) {
        out[p++] = 0x5c;
        out[p++] = 0x74;
      } else out[p++] = c;
    }
    if (high >= 0x80 && !isUtf8(buf.subarray(start, end))) {
      this.outPos = first;
      this.writeText(copyFieldText((buf as FastBuffer).utf8Slice(start, end), false));
      return;
    }
    this.outPos = p;
  }
}
