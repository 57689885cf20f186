#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest. Needs nothing set up by hand
// beyond a reachable PostgreSQL (started when it is a local cluster) and Chromium.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

if (mtime(path.join(root, "node_modules/.package-lock.json")) < mtime(path.join(root, "package-lock.json"))) {
  step("Install dependencies", "npm", ["ci", "--no-audit", "--no-fund"]);
}

const steps = [
  ["Generate the Prisma client", "node", ["scripts/prisma-generate.mjs"]],
  ["Make sure PostgreSQL answers", "node", ["--conditions=react-server", "--import", "tsx", "scripts/ensure-postgres.ts"]],
  ["Typecheck", "npx", ["tsc", "--noEmit"]],
  ["Lint", "npx", ["eslint", ".", "--max-warnings=0"]],
  ["Unit and integration tests", "npx", ["vitest", "run"]],
  ["Build the console", "npx", ["next", "build"]],
  ["Browser tests (Playwright, Chromium)", "npx", ["playwright", "test"]],
];

const only = process.argv.slice(2);
const started = Date.now();
for (const [title, command, args] of steps) {
  if (only.length && !only.some((word) => title.toLowerCase().includes(word))) continue;
  step(title, command, args);
}
console.log(`\n✔ All checks passed in ${Math.round((Date.now() - started) / 1000)} s.`);

function step(title, command, args) {
  console.log(`\n━━ ${title} ━━  ${command} ${args.join(" ")}`);
  const t0 = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status}) after ${Math.round((Date.now() - t0) / 1000)} s.`);
    process.exit(result.status || 1);
  }
}
