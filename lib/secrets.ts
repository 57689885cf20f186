import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Sealed format: "v1:" + base64url(iv[12] | tag[16] | ciphertext). AES-256-GCM authenticates
// the ciphertext, so a tampered or foreign value fails to open instead of decrypting to junk.
const version = "v1";

export class SecretKeyError extends Error {}

export function parseSecretKey(text: string | undefined): Buffer {
  if (!text) {
    throw new SecretKeyError(
      "SYNCLANE_SECRET_KEY is not set. Set it to 32 random bytes in base64 (npm start generates one into .synclane/secret.key).",
    );
  }
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new SecretKeyError("SYNCLANE_SECRET_KEY must be 32 bytes, as 64 hex digits or base64.");
  }
  return key;
}

export function generateSecretKey(): string {
  return randomBytes(32).toString("base64");
}

function currentKey(): Buffer {
  return parseSecretKey(process.env.SYNCLANE_SECRET_KEY);
}

export function sealSecret(plaintext: string, key: Buffer = currentKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${version}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

export function openSecret(sealed: string, key: Buffer = currentKey()): string {
  const [tag, body] = sealed.split(":");
  if (tag !== version || !body) throw new SecretKeyError("A stored secret has an unknown format.");
  const bytes = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretKeyError(
      "A stored secret cannot be opened with the current SYNCLANE_SECRET_KEY (was the key changed?).",
    );
  }
}

/** Seals a record of named secrets as one value. */
export function sealSecrets(secrets: Record<string, string>, key?: Buffer): string {
  return sealSecret(JSON.stringify(secrets), key);
}

export function openSecrets(sealed: string, key?: Buffer): Record<string, string> {
  return JSON.parse(openSecret(sealed, key)) as Record<string, string>;
}
