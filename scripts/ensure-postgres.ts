// Starts the local PostgreSQL cluster when it is down (used by npm test and CI).
import { databaseUrl } from "./support/database-url";
import { ensurePostgres } from "./support/postgres-server";

ensurePostgres(databaseUrl(), (line) => console.log(line)).then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
