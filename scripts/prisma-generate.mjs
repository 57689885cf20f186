#!/usr/bin/env node
// Generates the Prisma client when it is missing or older than the schema. `prisma
// generate` insists on a schema-engine binary path but never runs it, so point it at
// /bin/true instead of letting it try to download one (see shared notes).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const schema = path.join(root, "prisma/schema.prisma");
const generated = path.join(root, "lib/generated/prisma/client.ts");
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

if (process.argv.includes("--force") || mtime(generated) < mtime(schema)) {
  const result = spawnSync("npx", ["prisma", "generate"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) {
    console.error("✖ prisma generate failed.");
    process.exit(1);
  }
}
