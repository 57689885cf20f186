// The demo set-up `npm start` (and the browser tests) rely on: an admin user, a workspace
// in standard mode, and data sources for the local MaxCompute service and the local
// "Hologres" database.
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { upsertDataSource } from "@/lib/data/data-sources";
import { createUser } from "@/lib/data/users";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { db } from "@/lib/db";
import { generatePassword } from "@/lib/auth/password";
import { writeFirstAdminPassword } from "./local-state";

/**
 * Creates the administrator when missing. A password from the environment is used as is;
 * otherwise one is generated and written to the state folder's admin-password.txt (0600)
 * before the user exists, so it cannot be lost. The password is never returned: callers
 * print where the file is.
 */
export async function ensureAdminUser(input: { username: string; password?: string; stateDir: string }) {
  const existing = await db.user.findUnique({ where: { username: input.username } });
  if (existing) return { user: existing, passwordFile: null as string | null };
  const password = input.password || generatePassword();
  const passwordFile = input.password ? null : writeFirstAdminPassword(input.stateDir, { username: input.username, password });
  // A generated password sat in a file: the first login replaces it with one only the administrator knows.
  const user = await createUser({ username: input.username, displayName: input.username, password, isAdmin: true, mustChangePassword: !input.password });
  return { user, passwordFile };
}

export async function ensureDemoWorkspace(memberIds: string[]) {
  return ensureWorkspace({
    name: "demo",
    displayName: "Demo workspace",
    mode: "standard",
    description: "The guide's MaxCompute to Hologres walkthrough, ready to run.",
    memberIds,
  });
}

export async function ensureDemoDataSources(input: {
  workspaceId: string;
  maxCompute?: { endpoint: string; tunnelEndpoint: string; project: string; accessKeyId: string; accessKeySecret: string };
  hologres: { host: string; port: number; database: string; user: string; password: string };
}) {
  const environments = ["development", "production"];
  if (input.maxCompute) {
    await upsertDataSource(
      input.workspaceId,
      dataSourceFormSchema.parse({
        type: "odps",
        name: "odps_first",
        description: "Local MaxCompute service with the guide's tables",
        environments,
        ...input.maxCompute,
      }),
    );
  }
  await upsertDataSource(
    input.workspaceId,
    dataSourceFormSchema.parse({
      type: "holo",
      connectionMode: "connection_string",
      name: "holo_demo",
      description: "Local Hologres stand-in (PostgreSQL database holo_demo)",
      environments,
      ...input.hologres,
      ssl: false,
    }),
  );
}
