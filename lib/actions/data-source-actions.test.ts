// The server actions as the browser calls them, against real PostgreSQL. Only the Next.js
// request context (cookies, headers, cache revalidation) is stood in for: it lies below
// the actions, which get the signed-in user from the session cookie like in production.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const cookieJar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
    set: (name: string, value: string) => void cookieJar.set(name, value),
    delete: (name: string) => void cookieJar.delete(name),
  }),
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { db } = await import("@/lib/db");
const { createSession } = await import("@/lib/data/sessions");
const { createUser } = await import("@/lib/data/users");
const { ensureWorkspace } = await import("@/lib/data/workspaces");
const { createDataSource } = await import("./create-data-source");
const { deleteDataSource } = await import("./delete-data-source");
const { updateDataSource } = await import("./update-data-source");

const suffix = randomUUID().slice(0, 8);
let workspaceId = "";
let userId = "";

const hologres = {
  type: "holo",
  connectionMode: "connection_string",
  name: "holo_actions",
  description: "",
  environments: ["development", "production"],
  host: "127.0.0.1",
  port: "5432",
  database: "postgres",
  user: "postgres",
  password: "Action-Secret-Value-9",
  ssl: false,
};

beforeAll(async () => {
  const user = await createUser({ username: `actions_${suffix}`, displayName: "A", password: "pw-for-actions", isAdmin: false });
  userId = user.id;
  workspaceId = (await ensureWorkspace({ name: `actions_${suffix}`, displayName: "Actions", mode: "standard", memberIds: [user.id] })).id;
});

beforeEach(async () => {
  cookieJar.clear();
  cookieJar.set("synclane_session", (await createSession(userId)).token);
  cookieJar.set("synclane_workspace", workspaceId);
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.user.delete({ where: { id: userId } });
  await db.$disconnect();
});

describe("data source server actions", () => {
  it("creates a data source whose secret is sealed in the database", async () => {
    const result = await createDataSource(hologres);
    expect(result.ok).toBe(true);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT "sealedSecrets" FROM "DataSourceConfig" c JOIN "DataSource" d ON d.id = c."dataSourceId" WHERE d."workspaceId" = $1`, [workspaceId]);
    await client.end();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.sealedSecrets).not.toContain("Action-Secret-Value-9");
  });

  it("answers a duplicate name with an error on the name field", async () => {
    const result = await createDataSource(hologres);
    expect(result).toEqual({
      ok: false,
      message: 'A data source named "holo_actions" already exists in this workspace. Choose another name.',
      fieldErrors: { name: ['A data source named "holo_actions" already exists in this workspace. Choose another name.'] },
    });
  });

  it("answers invalid input with the fields to fix, the same rules as the form", async () => {
    const result = await createDataSource({ ...hologres, name: "9lives", description: "d".repeat(81), host: "" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.name).toEqual(["Data Source Name must start with a letter."]);
    expect(result.fieldErrors?.description).toEqual(["Description must be at most 80 characters."]);
    expect(result.fieldErrors?.host).toEqual(["Host is required."]);
  });

  it("refuses to delete a data source a node uses, naming the node", async () => {
    const source = await db.dataSource.findFirstOrThrow({ where: { workspaceId, name: "holo_actions" } });
    const workflow = await db.workflow.create({ data: { workspaceId, name: "wf" } });
    await db.syncNode.create({ data: { workflowId: workflow.id, name: "uses_holo", jobSpec: {}, dataSourceNames: ["holo_actions"] } });
    const result = await deleteDataSource({ id: source.id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/used by the sync node wf\/uses_holo/);
    const renamed = await updateDataSource({ id: source.id, form: { ...hologres, name: "holo_renamed", password: "" } });
    expect(renamed.ok).toBe(false);
  });

  it("sends a visitor without a session to the login page", async () => {
    cookieJar.clear();
    await expect(createDataSource(hologres)).rejects.toThrow(/NEXT_REDIRECT/);
  });
});
