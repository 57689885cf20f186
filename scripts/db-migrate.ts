// Applies prisma/migrations/* to DATABASE_URL, offline, recording them in
// _prisma_migrations exactly as `prisma migrate deploy` would.
import { databaseUrl, ensureDatabase } from "./support/database-url";
import { listMigrations, noFilters, openSchemaEngine } from "./support/prisma-schema-engine";

export async function migrateDatabase(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const engine = await openSchemaEngine(url);
  try {
    const result = await engine.applyMigrations({
      migrationsList: await listMigrations(),
      filters: noFilters,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = databaseUrl();
  migrateDatabase(url).then(
    (applied) => {
      console.log(applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date.");
      process.exit(0);
    },
    (error) => {
      console.error(`Migration failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
