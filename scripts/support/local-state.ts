// What `npm start` keeps on disk lives in one ignored folder, .synclane/.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateSecretKey } from "@/lib/secrets";

export function stateDir(root: string): string {
  const dir = process.env.SYNCLANE_STATE_DIR || path.join(root, ".synclane");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** SYNCLANE_SECRET_KEY from the environment, else from .synclane/secret.key, created once. */
export function loadOrCreateSecretKey(dir: string): { key: string; source: "env" | "file" | "generated" } {
  if (process.env.SYNCLANE_SECRET_KEY) return { key: process.env.SYNCLANE_SECRET_KEY, source: "env" };
  const file = path.join(dir, "secret.key");
  if (existsSync(file)) return { key: readFileSync(file, "utf8").trim(), source: "file" };
  const key = generateSecretKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: "generated" };
}

export type LocalMaxComputeCredentials = { accessKeyId: string; accessKeySecret: string; project: string };

/** The local MaxCompute service's AccessKey pair, made once per machine. */
export function loadOrCreateMaxComputeCredentials(dir: string): LocalMaxComputeCredentials {
  const file = path.join(dir, "maxcompute-credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const credentials = {
    accessKeyId: `LTAIlocal${randomBytes(6).toString("hex")}`,
    accessKeySecret: randomBytes(20).toString("base64url"),
    project: "synclane_demo",
  };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
