// One place for the browser tests' ports, databases and credentials. SYNCLANE_E2E_SLOT
// (a small number) gives a second checkout its own ports, databases and state folder,
// so two browser test runs on one machine do not meet.
const slot = Number(process.env.SYNCLANE_E2E_SLOT || 0);
const suffix = slot ? `_${slot}` : "";

export const e2eSettings = {
  port: 3107 + slot * 10,
  maxComputePort: 8197 + slot * 10,
  databaseName: `synclane_e2e${suffix}`,
  holoDatabaseName: `holo_e2e${suffix}`,
  databaseUrl: `postgresql://postgres@127.0.0.1:5432/synclane_e2e${suffix}`,
  holoDatabaseUrl: `postgresql://postgres@127.0.0.1:5432/holo_e2e${suffix}`,
  /** The role the demo Hologres data source logs in with (npm start names it after the database). */
  holoRole: `holo_e2e${suffix}`,
  adminUser: "admin",
  adminPassword: "e2e-admin-password-1",
  /** The e2e server's .synclane folder; tests read the local MaxCompute credentials from it. */
  stateDir: `.synclane-e2e${suffix}`,
  /** The scheduler's clock file (SYNCLANE_SCHEDULER_CLOCK_FILE of the e2e server's workers); see e2e/support/scheduler-clock.ts. */
  schedulerClockFile: `.synclane-e2e${suffix}/scheduler-clock.json`,
};
