// Fixed settings for the test run; the key below seals test secrets only.
// SYNCLANE_TEST_DB_TAG gives a second checkout (a git worktree) its own console test
// database, so two checkouts with different migrations never migrate one database.
const tag = process.env.SYNCLANE_TEST_DB_TAG ? `_${process.env.SYNCLANE_TEST_DB_TAG}` : "";
export const testDatabaseUrl = process.env.SYNCLANE_TEST_DATABASE_URL || `postgresql://postgres@127.0.0.1:5432/synclane_test${tag}`;
export const testSecretKey = "5d1c0a4b7e2f4c8a9b3d6e1f2a7c4b8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b";
