// Prisma's schema engine as WebAssembly, so migrations work on machines that cannot
// download Prisma's native engine binary (see shared/notes/offline-toolchain.md).
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");
// The schema as of the newest migration: the "from" side of the next diff.
export const schemaSnapshotPath = path.join(migrationsDir, "schema.snapshot.prisma");

type SchemaEngine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
};

async function loadWasmModule() {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  // The package's own entry imports the .wasm as an ES module, which Node 20 refuses.
  const bg = await import(bgPath);
  const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg as { SchemaEngine: { new: (...args: unknown[]) => Promise<SchemaEngine> } };
}

export async function openSchemaEngine(connectionString: string): Promise<SchemaEngine> {
  const wasm = await loadWasmModule();
  const schemaText = await readFile(schemaPath, "utf8");
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  return wasm.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    () => {},
    adapter,
  );
}

export async function listMigrations() {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: lockPath,
      content: await readFile(lockPath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: {
            tag: "ok",
            value: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8"),
          },
        },
      })),
    ),
  };
}

export const noFilters = { externalTables: [], externalEnums: [] };
