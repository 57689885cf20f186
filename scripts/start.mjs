#!/usr/bin/env node
// `npm start`: everything from a fresh clone. This file uses only Node's standard library
// because it runs before dependencies are installed; the rest is scripts/start-console.ts.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(" ")} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
};
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Synclane needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

// Install when node_modules is missing or older than the lock file.
const installedLock = path.join(root, "node_modules/.package-lock.json");
if (mtime(installedLock) < mtime(path.join(root, "package-lock.json"))) {
  console.log("▸ Installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

run("node", ["scripts/prisma-generate.mjs"]);

// The console process hosts the local MaxCompute service: it gets the row-streaming heap flag
// (scripts/support/row-streaming-node-flags.ts says why).
const child = spawn(
  process.execPath,
  ["--initial-old-space-size=128", "--conditions=react-server", "--import", "tsx", "scripts/start-console.ts", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
