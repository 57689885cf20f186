import { defineConfig } from "vitest/config";
import path from "node:path";
import { testDatabaseUrl, testSecretKey } from "./tests/test-env";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // Integration tests share real PostgreSQL databases; files run in parallel but each
    // test file owns its own database or schema.
    globalSetup: ["tests/global-setup.ts"],
    env: { DATABASE_URL: testDatabaseUrl, SYNCLANE_SECRET_KEY: testSecretKey },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    server: { deps: { inline: ["server-only"] } },
    alias: { "server-only": path.resolve(import.meta.dirname, "tests/server-only-stub.ts") },
  },
});
