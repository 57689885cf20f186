import { describe, expect, it } from "vitest";
import { generateSecretKey, openSecret, parseSecretKey, sealSecret, sealSecrets, openSecrets } from "./secrets";

const key = parseSecretKey(generateSecretKey());

describe("secret sealing", () => {
  it("opens what it sealed", () => {
    expect(openSecret(sealSecret("LTAI-secret-ä", key), key)).toBe("LTAI-secret-ä");
    expect(openSecrets(sealSecrets({ password: "p", accessKeySecret: "s" }, key), key)).toEqual({
      password: "p",
      accessKeySecret: "s",
    });
  });

  it("does not contain the plaintext and differs every time", () => {
    const a = sealSecret("hunter2hunter2", key);
    const b = sealSecret("hunter2hunter2", key);
    expect(a).not.toContain("hunter2");
    expect(Buffer.from(a.slice(3), "base64url").toString("latin1")).not.toContain("hunter2");
    expect(a).not.toBe(b);
  });

  it("refuses a tampered value", () => {
    const sealed = sealSecret("value", key);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[bytes.length - 1] ^= 1;
    expect(() => openSecret(`v1:${bytes.toString("base64url")}`, key)).toThrow(/cannot be opened/);
  });

  it("refuses another key", () => {
    const other = parseSecretKey(generateSecretKey());
    expect(() => openSecret(sealSecret("value", key), other)).toThrow(/SYNCLANE_SECRET_KEY/);
  });

  it("explains a missing or short key", () => {
    expect(() => parseSecretKey(undefined)).toThrow(/SYNCLANE_SECRET_KEY is not set/);
    expect(() => parseSecretKey("abcd")).toThrow(/32 bytes/);
  });
});
