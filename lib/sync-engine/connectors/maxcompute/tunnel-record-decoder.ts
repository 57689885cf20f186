import { parseColumnType, formatColumnType, type ColumnType } from "./column-type";
import * as crc32cFunctions from "./crc32c";
import { MaxComputeError } from "./maxcompute-error";
import { formatEpochDay, toJson, type MaxComputeValue } from "./maxcompute-value";
import * as varintFunctions from "./varint";

// Module-local copies of the hot imports: where modules are transpiled to CommonJS (tsx,
// vitest), every use of an imported binding is a getter call, which measured a quarter of
// the decoding time.
const { crc32cUpdate, crc32cUpdateByte, crc32cUpdateInt32, crc32cUpdateInt64 } = crc32cFunctions;
const { bigintFromHalves } = varintFunctions;

/** Field numbers of the stream's trailer tags (2^25-1024, 2^25-2, 2^25-1). */
export const END_RECORD_FIELD = 33553408;
export const META_COUNT_FIELD = 33554430;
export const META_CHECKSUM_FIELD = 33554431;

// Decoding operations, resolved once per column so the per-cell switch is on small ints.
const enum Op {
  TinyInt,
  SmallInt,
  Int,
  BigInt,
  Float,
  Double,
  Decimal,
  Text,
  Binary,
  Boolean,
  Date,
  DateTime,
  Timestamp,
  Array,
  Map,
  Struct,
}

type Plan = {
  op: Op;
  element?: Plan;
  key?: Plan;
  value?: Plan;
  fields?: { name: string; plan: Plan }[];
  /** Complex (MAP/STRUCT somewhere inside): the value is returned as JSON text. */
  json?: boolean;
  cache?: StringCache;
};

/**
 * A small direct-mapped cache of decoded strings per text column. Typical tables repeat
 * short values (categories, codes, flags); returning the cached string for the same bytes
 * skips building a new one. It switches itself off for columns where it rarely hits.
 */
type StringCache = { keys: (Uint8Array | undefined)[]; values: string[]; lookups: number; hits: number; enabled: boolean };

function newStringCache(): StringCache {
  return { keys: new Array(256).fill(undefined), values: new Array(256).fill(""), lookups: 0, hits: 0, enabled: true };
}

export type DecoderColumn = { name: string; type: string };

// Little-endian scratch for reading DOUBLE/FLOAT without Buffer.readDoubleLE's checks
// (every platform Node runs on here is little-endian).
const SCRATCH_BYTES = new Uint8Array(8);
const SCRATCH_F64 = new Float64Array(SCRATCH_BYTES.buffer);
const SCRATCH_F32 = new Float32Array(SCRATCH_BYTES.buffer, 0, 1);
const SCRATCH_I32 = new Int32Array(SCRATCH_BYTES.buffer);

type FastSlices = { utf8Slice(start: number, end: number): string };

/**
 * UTF-8 bytes -> string. Short ASCII strings (most cells of typical tables) are built in
 * JS, which measured about twice as fast as Buffer#toString for them; the rest go to
 * Buffer#utf8Slice directly (toString minus its argument checks).
 */
function decodeUtf8(buf: Buffer, start: number, end: number): string {
  if (end - start <= 16) {
    let text = "";
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c > 0x7f) return (buf as unknown as FastSlices).utf8Slice(start, end);
      text += String.fromCharCode(c);
    }
    return text;
  }
  return (buf as unknown as FastSlices).utf8Slice(start, end);
}

/** Bytes of the next chunk joined to a carried-over partial record: a few typical records. */
const BRIDGE_BYTES = 4096;

/** Thrown inside the decoder when a record runs past the bytes received so far. */
export const NEED_MORE: unique symbol = Symbol("need more bytes");

/**
 * Decodes the Tunnel "protobuf record stream" (the body of a download `rowrange` read)
 * incrementally from HTTP body chunks, verifying each record's CRC-32C and the stream's
 * trailer (record count, CRC-32C of the record CRCs). A record split across chunks is
 * carried over; nothing else is buffered.
 */
export class TunnelRecordDecoder {
  protected readonly plans: Plan[];
  protected readonly columnCount: number;
  private readonly columnNames: string[];
  protected buf: Buffer = Buffer.alloc(0);
  protected pos = 0;
  protected end = 0;
  protected lo = 0;
  protected hi = 0;
  protected crc = 0;
  protected crcOfCrc = 0;
  protected records = 0;
  protected finished = false;
  /** Where `push` puts decoded rows (set per call). */
  private rowsOut: MaxComputeValue[][] = [];
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private retryAtBytes = 0;
  /** Copied per record: slicing a packed array of nulls is cheaper than Array(n).fill(null). */
  private readonly emptyRow: MaxComputeValue[];

  constructor({ columns }: { columns: DecoderColumn[] }) {
    this.columnCount = columns.length;
    this.columnNames = columns.map((c) => c.name);
    this.emptyRow = columns.map(() => null);
    this.plans = columns.map((c) => planFor(parseColumnType(c.type), c));
  }

  /** Records decoded so far. */
  get recordCount(): number {
    return this.records;
  }

  /** True once the stream's trailer has been read and verified. */
  get isComplete(): boolean {
    return this.finished;
  }

  /** Decodes every complete record in `chunk` (plus carried-over bytes) into `out`. */
  push(chunk: Buffer, out: MaxComputeValue[][]): void {
    this.rowsOut = out;
    this.consume(chunk);
  }

  /** Decodes one record (or the trailer) at `pos` into the current output. */
  protected decodeRecord(): void {
    const row = this.readRecord();
    if (row) this.rowsOut.push(row);
  }

  /** Called when `decodeRecord` ran out of bytes: undo any output of the partial record. */
  protected abandonRecord(): void {}

  /**
   * Feeds a chunk through `decodeRecord`. A record split across chunks is finished from a
   * small joined "bridge" (the carried-over bytes plus the chunk's first few KB), and
   * decoding then goes on in the chunk itself: joining whole chunks would copy every byte
   * of the stream once more, and that allocation churn alone set off a major GC every few
   * MB of a run.
   */
  protected consume(chunk: Buffer): void {
    if (this.finished) {
      if (chunk.length > 0) throw this.corrupt("bytes after the end of the stream");
      return;
    }
    if (this.waiting.length > 0) {
      // A record larger than the bytes held so far: gather chunks until there are twice as
      // many, then try again, so a multi-megabyte cell costs linear, not quadratic, copying.
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      if (this.waitingBytes < this.retryAtBytes) return;
      this.decodeFrom(Buffer.concat(this.waiting, this.waitingBytes), 0);
      return;
    }
    if (this.pos >= this.end) {
      this.decodeFrom(chunk, 0);
      return;
    }
    const carried = this.end - this.pos;
    if (chunk.length <= BRIDGE_BYTES) {
      this.decodeFrom(Buffer.concat([this.buf.subarray(this.pos, this.end), chunk]), 0);
      return;
    }
    const head = BRIDGE_BYTES;
    this.decodeFrom(Buffer.concat([this.buf.subarray(this.pos, this.end), chunk.subarray(0, head)]), 0, carried);
    if (this.waiting.length > 0) {
      this.waiting.push(chunk.subarray(head));
      this.waitingBytes += chunk.length - head;
      return;
    }
    if (this.finished) throw this.corrupt("bytes after the end of the stream");
    if (this.pos < carried) {
      // The split record is longer than the bridge: join it with the whole chunk.
      this.decodeFrom(Buffer.concat([this.buf.subarray(this.pos, carried), chunk]), 0);
      return;
    }
    this.decodeFrom(chunk, this.pos - carried);
  }

  /**
   * Decodes the records of `buf` from `pos` (those starting before `stopAt` only). On a
   * record that runs past the end, `pos` stays at its start and the bytes from there on are
   * what the next chunk continues.
   */
  private decodeFrom(buf: Buffer, pos: number, stopAt = Infinity): void {
    this.buf = buf;
    this.pos = pos;
    this.end = buf.length;
    this.waiting = [];
    this.waitingBytes = 0;
    while (this.pos < this.end && this.pos < stopAt && !this.finished) {
      const start = this.pos;
      const crcOfCrcBefore = this.crcOfCrc;
      try {
        this.decodeRecord();
      } catch (error) {
        if (error !== NEED_MORE) throw error;
        this.abandonRecord();
        this.pos = start;
        this.crcOfCrc = crcOfCrcBefore;
        const pendingBytes = this.end - start;
        if (pendingBytes > 1 << 20) {
          this.waiting = [this.buf.subarray(start, this.end)];
          this.waitingBytes = pendingBytes;
          this.retryAtBytes = pendingBytes * 2;
          this.pos = this.end;
        }
        return;
      }
    }
    if (this.finished && this.pos < this.end) throw this.corrupt("bytes after the end of the stream");
  }

  /**
   * Call when the body ended, with the same `out` as `push`: decodes any records still held
   * back, then fails unless the whole stream, trailer included, was read.
   */
  finish(out: MaxComputeValue[][]): void {
    this.rowsOut = out;
    this.finishStream();
  }

  protected finishStream(): void {
    if (this.waiting.length > 0) {
      // The body ended while gathering a large record: decode what there is (it fails
      // below if the record really is incomplete).
      const rest = Buffer.concat(this.waiting, this.waitingBytes);
      this.waiting = [];
      this.retryAtBytes = 0;
      this.consume(rest);
    }
    if (!this.finished) {
      throw new MaxComputeError(
        "SERVER_ERROR",
        `The Tunnel download stream ended early after ${this.records} records (no end-of-stream trailer); the read can be retried.`,
        { retryable: true },
      );
    }
  }

  protected corrupt(what: string): MaxComputeError {
    return new MaxComputeError(
      "CHECKSUM_MISMATCH",
      `The Tunnel download stream is corrupt at record ${this.records + 1}: ${what}. No rows of the damaged record were returned; retry the read, and report it if it persists.`,
    );
  }

  /** Reads one record; returns null when it read the trailer instead. */
  protected readRecord(): MaxComputeValue[] | null {
    const row = this.emptyRow.slice();
    this.crc = 0;
    for (;;) {
      const field = this.readVarint32() >>> 3;
      if (field === END_RECORD_FIELD) {
        const expected = this.readUint32();
        if (expected !== this.crc) throw this.corrupt(`record checksum ${expected} does not match the computed ${this.crc}`);
        this.crcOfCrc = crc32cUpdateInt32(this.crcOfCrc, this.crc);
        this.records++;
        return row;
      }
      if (field === META_COUNT_FIELD) {
        this.readTrailer();
        return null;
      }
      if (field < 1 || field > this.columnCount) throw this.corrupt(`unexpected field number ${field}`);
      this.crc = crc32cUpdateInt32(this.crc, field);
      row[field - 1] = this.readValue(this.plans[field - 1]);
    }
  }

  /** Reads the stream trailer after its META_COUNT tag: record count, then the CRC of the record CRCs. */
  protected readTrailer(): void {
    this.readVarint64();
    const count = zigzagNumber(this.lo, this.hi);
    if (count !== this.records) throw this.corrupt(`the trailer counts ${count} records but ${this.records} were read`);
    const tag = this.readVarint32() >>> 3;
    if (tag !== META_CHECKSUM_FIELD) throw this.corrupt("missing stream checksum");
    const expected = this.readUint32();
    if (expected !== this.crcOfCrc) throw this.corrupt(`stream checksum ${expected} does not match the computed ${this.crcOfCrc}`);
    this.finished = true;
  }

  protected readValue(plan: Plan): MaxComputeValue {
    switch (plan.op) {
      case Op.TinyInt:
      case Op.SmallInt:
      case Op.Int: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        return (this.hi | 0) * 4294967296 + (this.lo >>> 0);
      }
      case Op.BigInt: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        return bigintFromHalves(this.lo, this.hi);
      }
      case Op.Double: {
        const p = this.pos;
        if (p + 8 > this.end) throw NEED_MORE;
        const buf = this.buf;
        const s = SCRATCH_BYTES;
        s[0] = buf[p];
        s[1] = buf[p + 1];
        s[2] = buf[p + 2];
        s[3] = buf[p + 3];
        s[4] = buf[p + 4];
        s[5] = buf[p + 5];
        s[6] = buf[p + 6];
        s[7] = buf[p + 7];
        this.crc = crc32cUpdateInt64(this.crc, SCRATCH_I32[0], SCRATCH_I32[1]);
        this.pos = p + 8;
        return SCRATCH_F64[0];
      }
      case Op.Float: {
        const p = this.pos;
        if (p + 4 > this.end) throw NEED_MORE;
        const buf = this.buf;
        const s = SCRATCH_BYTES;
        s[0] = buf[p];
        s[1] = buf[p + 1];
        s[2] = buf[p + 2];
        s[3] = buf[p + 3];
        this.crc = crc32cUpdateInt32(this.crc, SCRATCH_I32[0]);
        this.pos = p + 4;
        return SCRATCH_F32[0];
      }
      case Op.Text: {
        const start = this.readLengthPrefixed();
        const end = this.pos;
        const length = end - start;
        const cache = plan.cache;
        if (cache === undefined || !cache.enabled || length === 0 || length > 32) return decodeUtf8(this.buf, start, end);
        const buf = this.buf;
        const slot = (length * 131 + buf[start] * 31 + buf[end - 1] * 7 + buf[start + (length >> 1)]) & 255;
        const key = cache.keys[slot];
        cache.lookups++;
        if (key !== undefined && key.length === length) {
          let i = 0;
          while (i < length && key[i] === buf[start + i]) i++;
          if (i === length) {
            cache.hits++;
            return cache.values[slot];
          }
        }
        const text = decodeUtf8(buf, start, end);
        cache.keys[slot] = Uint8Array.prototype.slice.call(buf, start, end);
        cache.values[slot] = text;
        if (cache.lookups === 4096 && cache.hits < 2048) cache.enabled = false;
        return text;
      }
      case Op.Decimal: {
        const start = this.readLengthPrefixed();
        return this.buf.toString("latin1", start, this.pos);
      }
      case Op.Binary: {
        const start = this.readLengthPrefixed();
        return Buffer.from(this.buf.subarray(start, this.pos));
      }
      case Op.Boolean: {
        // The CRC covers the normalized byte, so a damaged non-0/1 varint would pass it.
        const raw = this.readVarint32();
        if (raw > 1) throw this.corrupt(`BOOLEAN value ${raw} is neither 0 nor 1`);
        this.crc = crc32cUpdateByte(this.crc, raw);
        return raw === 1;
      }
      case Op.Date: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        return formatEpochDay((this.hi | 0) * 4294967296 + (this.lo >>> 0));
      }
      case Op.DateTime: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        return new Date((this.hi | 0) * 4294967296 + (this.lo >>> 0));
      }
      case Op.Timestamp: {
        this.readZigzag64();
        this.crc = crc32cUpdateInt64(this.crc, this.lo, this.hi);
        const seconds = bigintFromHalves(this.lo, this.hi);
        const n = this.readVarint32();
        const nanos = (n >>> 1) ^ -(n & 1);
        this.crc = crc32cUpdateInt32(this.crc, nanos);
        return { seconds, nanos };
      }
      case Op.Array:
        return plan.json ? this.readJson(plan) : this.readArray(plan.element!);
      case Op.Map:
      case Op.Struct:
        return this.readJson(plan);
    }
  }

  /** Reads a value as JSON text (MAP and STRUCT, and arrays holding them). */
  private readJson(plan: Plan): string {
    switch (plan.op) {
      case Op.Array: {
        const count = this.readCount();
        const parts: string[] = new Array(count);
        for (let i = 0; i < count; i++) parts[i] = this.readVarint32() !== 0 ? "null" : this.readJson(plan.element!);
        return `[${parts.join(",")}]`;
      }
      case Op.Map: {
        const count = this.readCount();
        const keys: string[] = new Array(count);
        for (let i = 0; i < count; i++) {
          if (this.readVarint32() !== 0) keys[i] = "null";
          else {
            const key = this.readValue(plan.key!);
            keys[i] = typeof key === "string" ? key : toJson(key).replace(/^"|"$/g, "");
          }
        }
        if (this.readCount() !== count) throw this.corrupt("a map has different numbers of keys and values");
        const parts: string[] = new Array(count);
        for (let i = 0; i < count; i++) {
          parts[i] = `${JSON.stringify(keys[i])}:${this.readVarint32() !== 0 ? "null" : this.readJson(plan.value!)}`;
        }
        return `{${parts.join(",")}}`;
      }
      case Op.Struct: {
        const parts: string[] = [];
        for (const f of plan.fields!) {
          const isNull = this.readVarint32() !== 0;
          parts.push(`${JSON.stringify(f.name)}:${isNull ? "null" : this.readJson(f.plan)}`);
        }
        return `{${parts.join(",")}}`;
      }
      default:
        return toJson(this.readValue(plan));
    }
  }

  private readCount(): number {
    const count = this.readVarint32() >>> 0;
    if (count > this.end - this.pos) throw count > 1 << 28 ? this.corrupt("impossible element count") : NEED_MORE;
    return count;
  }

  private readArray(element: Plan): MaxComputeValue[] {
    const count = this.readCount();
    const items: MaxComputeValue[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const isNull = this.readVarint32() !== 0;
      items[i] = isNull ? null : this.readValue(element);
    }
    return items;
  }

  /** Reads a varint length and skips the bytes, checksumming them; returns their start. */
  protected readLengthPrefixed(): number {
    const length = this.readVarint32() >>> 0;
    const start = this.pos;
    if (start + length > this.end) {
      if (length > 1 << 30) throw this.corrupt(`impossible length ${length}`);
      throw NEED_MORE;
    }
    this.pos = start + length;
    this.crc = crc32cUpdate(this.crc, this.buf, start, this.pos);
    return start;
  }

  /** Reads a varint that must fit in 32 bits (the CRCs). */
  protected readUint32(): number {
    this.readVarint64();
    if (this.hi !== 0) throw this.corrupt("a checksum wider than 32 bits");
    return this.lo;
  }

  /** Reads a varint of at most 32 significant bits (tags, lengths, CRCs, flags). */
  protected readVarint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    if (pos >= end) throw NEED_MORE;
    let b = buf[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let value = b & 0x7f;
    let shift = 7;
    for (;;) {
      if (pos >= end) throw NEED_MORE;
      b = buf[pos++];
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
      if (shift > 63) throw this.corrupt("varint longer than 10 bytes");
    }
    this.pos = pos;
    return value;
  }

  /** Reads a varint of up to 64 bits into this.lo / this.hi. */
  protected readVarint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    // Fast path: most integers in real tables fit in one or two bytes.
    if (pos + 1 < end) {
      const b0 = buf[pos];
      if (b0 < 0x80) {
        this.lo = b0;
        this.hi = 0;
        this.pos = pos + 1;
        return;
      }
      const b1 = buf[pos + 1];
      if (b1 < 0x80) {
        this.lo = (b0 & 0x7f) | (b1 << 7);
        this.hi = 0;
        this.pos = pos + 2;
        return;
      }
    }
    let lo = 0;
    let hi = 0;
    let b = 0;
    let i = 0;
    for (; i < 4; i++) {
      if (pos >= end) throw NEED_MORE;
      b = buf[pos++];
      lo |= (b & 0x7f) << (i * 7);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = 0;
        this.pos = pos;
        return;
      }
    }
    if (pos >= end) throw NEED_MORE;
    b = buf[pos++];
    lo |= (b & 0x7f) << 28;
    hi = (b & 0x7f) >>> 4;
    if (b >= 0x80) {
      for (i = 0; i < 5; i++) {
        if (pos >= end) throw NEED_MORE;
        b = buf[pos++];
        hi |= (b & 0x7f) << (i * 7 + 3);
        if (b < 0x80) break;
      }
      if (b >= 0x80) throw this.corrupt("varint longer than 10 bytes");
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    this.pos = pos;
  }

  /** Reads a zigzag varint into this.lo / this.hi as a two's-complement int64. */
  protected readZigzag64(): void {
    this.readVarint64();
    const mask = -(this.lo & 1);
    const lo = ((this.lo >>> 1) | (this.hi << 31)) ^ mask;
    const hi = (this.hi >>> 1) ^ mask;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }
}

function zigzagNumber(lo: number, hi: number): number {
  const mask = -(lo & 1);
  const l = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  const h = ((hi >>> 1) ^ mask) | 0;
  return h * 4294967296 + l;
}

/**
 * How a column is decoded. MAP and STRUCT (and arrays holding them) become JSON text, as
 * DataWorks' MaxCompute Reader hands them on as STRING holding JSON; there is no option to
 * refuse them.
 */
function planFor(type: ColumnType, column: DecoderColumn): Plan {
  const unsupported = (why: string) =>
    new MaxComputeError(
      "UNSUPPORTED_TYPE",
      `Column "${column.name}" has the type ${formatColumnType(type)}, which ${why}.`,
    );
  const inner = (t: ColumnType): Plan => {
    switch (t.kind) {
      case "tinyint":
        return { op: Op.TinyInt };
      case "smallint":
        return { op: Op.SmallInt };
      case "int":
        return { op: Op.Int };
      case "bigint":
        return { op: Op.BigInt };
      case "float":
        return { op: Op.Float };
      case "double":
        return { op: Op.Double };
      case "decimal":
        return { op: Op.Decimal };
      case "string":
      case "varchar":
      case "char":
      case "json":
        return { op: Op.Text, cache: newStringCache() };
      case "binary":
        return { op: Op.Binary };
      case "boolean":
        return { op: Op.Boolean };
      case "date":
        return { op: Op.Date };
      case "datetime":
        return { op: Op.DateTime };
      case "timestamp":
      case "timestamp_ntz":
        return { op: Op.Timestamp };
      case "array": {
        const element = inner(t.element);
        return { op: Op.Array, element, json: element.json || element.op === Op.Map || element.op === Op.Struct };
      }
      case "map":
        return { op: Op.Map, key: inner(t.key), value: inner(t.value) };
      case "struct":
        return { op: Op.Struct, fields: t.fields.map((f) => ({ name: f.name, plan: inner(f.type) })) };
      case "unknown":
        throw unsupported("Synclane cannot read; leave the column out of the column list");
    }
  };
  return inner(type);
}
