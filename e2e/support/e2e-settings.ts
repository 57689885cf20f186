// One place for the browser tests' ports, databases and credentials.
export const e2eSettings = {
  port: 3107,
  maxComputePort: 8197,
  databaseUrl: "postgresql://postgres@127.0.0.1:5432/synclane_e2e",
  holoDatabaseUrl: "postgresql://postgres@127.0.0.1:5432/holo_e2e",
  adminUser: "admin",
  adminPassword: "e2e-admin-password-1",
  /** The e2e server's .synclane folder; tests read the local MaxCompute credentials from it. */
  stateDir: ".synclane-e2e",
};
