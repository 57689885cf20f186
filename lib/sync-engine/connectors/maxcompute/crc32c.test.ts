import { describe, expect, it } from "vitest";
import { crc32c, crc32cUpdate, crc32cUpdateInt32, crc32cUpdateInt64 } from "./crc32c";

describe("crc32c", () => {
  // Vectors from pyodps odps/tests/test_crc.py (aliyun/aliyun-odps-python-sdk).
  it("matches pyodps: 'abc' = 910901175, then '1111111111111111111' = 2917307201", () => {
    let crc = crc32cUpdate(0, Buffer.from("abc"));
    expect(crc).toBe(910901175);
    crc = crc32cUpdate(crc, Buffer.from("1111111111111111111"));
    expect(crc).toBe(2917307201);
  });

  it("matches the standard CRC-32C check value for '123456789'", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });

  it("gives the same value whatever the split of the input", () => {
    const data = Buffer.from("the quick brown fox jumps over the lazy dog, twice over");
    const whole = crc32c(data);
    for (let cut = 0; cut <= data.length; cut++) {
      expect(crc32cUpdate(crc32cUpdate(0, data, 0, cut), data, cut, data.length)).toBe(whole);
    }
  });

  it("updates over little-endian integers like over their bytes", () => {
    const b4 = Buffer.alloc(4);
    b4.writeInt32LE(-123456);
    expect(crc32cUpdateInt32(77, -123456)).toBe(crc32cUpdate(77, b4));
    const b8 = Buffer.alloc(8);
    b8.writeBigInt64LE(-9223372036854775808n);
    expect(crc32cUpdateInt64(5, 0, 0x80000000)).toBe(crc32cUpdate(5, b8));
    b8.writeBigInt64LE(100000000000n);
    expect(crc32cUpdateInt64(0, 100000000000 >>> 0, Math.floor(100000000000 / 2 ** 32))).toBe(crc32c(b8));
  });
});
