import { describe, expect, it } from "vitest";
import {
  bigintFromHalves,
  decodeVarint,
  encodeVarint,
  writeVarint,
  writeVarint64,
  zigzagDecode32,
  zigzagDecode64,
  zigzagEncode32,
  zigzagEncode64,
} from "./varint";

describe("zigzag", () => {
  it("maps signed to unsigned as protobuf sint does", () => {
    expect([0, -1, 1, -2, 2, 2147483647, -2147483648].map(zigzagEncode32)).toEqual([
      0, 1, 2, 3, 4, 4294967294, 4294967295,
    ]);
    expect([0, 1, 2, 3, 4, 4294967294, 4294967295].map(zigzagDecode32)).toEqual([
      0, -1, 1, -2, 2, 2147483647, -2147483648,
    ]);
  });

  it("round-trips the 64-bit extremes", () => {
    expect(zigzagEncode64(9223372036854775807n)).toBe(18446744073709551614n);
    expect(zigzagEncode64(-9223372036854775808n)).toBe(18446744073709551615n);
    for (const v of [0n, -1n, 1n, 9223372036854775807n, -9223372036854775808n, 100000000000n]) {
      expect(zigzagDecode64(zigzagEncode64(v))).toBe(v);
    }
  });
});

describe("varint", () => {
  it("encodes as in the Go SDK's protoc_writer_test.go vectors", () => {
    // aliyun-odps-go-sdk odps/tunnel/protoc_writer_test.go: smallint 32767 -> fe ff 03,
    // int 100 -> c8 01, bigint 100000000000 -> 80 a0 b7 87 e9 05 (zigzag varints).
    expect([...encodeVarint(zigzagEncode64(32767n))]).toEqual([0xfe, 0xff, 0x03]);
    expect([...encodeVarint(zigzagEncode64(100n))]).toEqual([0xc8, 0x01]);
    expect([...encodeVarint(zigzagEncode64(100000000000n))]).toEqual([0x80, 0xa0, 0xb7, 0x87, 0xe9, 0x05]);
    // End-of-record tag (33553408 << 3) -> 80 c0 ff 7f.
    expect([...encodeVarint(33553408n << 3n)]).toEqual([0x80, 0xc0, 0xff, 0x7f]);
  });

  it("writes the same bytes from numbers and from 64-bit halves", () => {
    for (const v of [0n, 1n, 127n, 128n, 300n, 2n ** 32n + 5n, 2n ** 53n - 1n, 2n ** 64n - 1n]) {
      const buf = new Uint8Array(10);
      const end = writeVarint64(buf, 0, Number(v & 0xffffffffn), Number(v >> 32n));
      expect([...buf.subarray(0, end)]).toEqual([...encodeVarint(v)]);
      expect(decodeVarint(buf).value).toBe(v);
      if (v < 2n ** 53n) {
        const b2 = new Uint8Array(10);
        const e2 = writeVarint(b2, 0, Number(v));
        expect([...b2.subarray(0, e2)]).toEqual([...encodeVarint(v)]);
      }
    }
  });

  it("builds exact bigints from halves", () => {
    expect(bigintFromHalves(0xffffffff, 0x7fffffff)).toBe(9223372036854775807n);
    expect(bigintFromHalves(0, 0x80000000)).toBe(-9223372036854775808n);
    expect(bigintFromHalves(0xffffffff, 0xffffffff)).toBe(-1n);
    expect(bigintFromHalves(100000000000 >>> 0, 23)).toBe(100000000000n);
  });
});
