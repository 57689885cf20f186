// The server actions as the browser calls them, against real PostgreSQL. Only the Next.js
// request context (cookies, headers, cache revalidation) is stood in for: it lies below
// the actions, which get the signed-in user from the session cookie like in production.
import { randomUUID } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { onlyLoopbackConnects } from "@/lib/sync-engine/testing/only-loopback-connects";

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
const { testDataSourceConnectivity } = await import("./test-data-source-connectivity");
const { getDataSource, listDataSources } = await import("@/lib/data/data-sources");

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

afterEach(() => {
  vi.restoreAllMocks();
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
    expect(result.fieldErrors?.name).toEqual([
      "Data Source Name may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).",
    ]);
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

/**
 * A fake PostgreSQL server on 127.0.0.1: it answers any startup message with
 * AuthenticationCleartextPassword ('R', length 8, code 3) and records the password the
 * client then sends in its PasswordMessage ('p', length, text, NUL), in clear.
 */
async function startFakePostgres() {
  const passwords: string[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let buffer = Buffer.alloc(0);
    let asked = false;
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!asked) {
        // The startup message: int32 length, then the protocol and parameters.
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        buffer = buffer.subarray(buffer.readInt32BE(0));
        asked = true;
        const request = Buffer.alloc(9);
        request.write("R", 0);
        request.writeInt32BE(8, 1);
        request.writeInt32BE(3, 5);
        socket.write(request);
      }
      if (buffer.length >= 5 && buffer[0] === "p".charCodeAt(0) && buffer.length >= 1 + buffer.readInt32BE(1)) {
        passwords.push(buffer.subarray(5, 1 + buffer.readInt32BE(1) - 1).toString("utf8"));
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    passwords,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


describe("a data source whose user can do anything on the server", () => {
  it("warns after Test connectivity, and keeps the warning for its list row and edit form", async () => {
    // The test server's postgres user is a superuser that can connect to every database.
    const created = await createDataSource({ ...hologres, name: "holo_superuser" });
    if (!created.ok) throw new Error(created.message);
    const result = await testDataSourceConnectivity({ id: created.data.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.ok).toBe(true);
    const warning = result.data.warning ?? "";
    expect(warning).toMatch(/^This user can do anything on the server: Pre-SQL, Query and Create Table run with its rights \(postgres is a superuser; can also connect to databases /);
    // Both environments share the connection: the warning is said once.
    expect(warning).not.toContain("Development:");
    const stored = await db.dataSourceConfig.findMany({ where: { dataSourceId: created.data.id } });
    expect(stored.map((config) => config.lastTestWarning)).toEqual([warning, warning]);
    const row = (await listDataSources(workspaceId, { q: "holo_superuser" }))[0];
    expect(row.lastTest).toMatchObject({ ok: true, warning });
    expect((await getDataSource(workspaceId, created.data.id)).lastTest?.warning).toBe(warning);
  });

  it("warns when testing the values of an unsaved form too", async () => {
    const result = await testDataSourceConnectivity({ form: { ...hologres, name: "holo_unsaved" } });
    expect(result.ok && result.data.warning).toMatch(/postgres is a superuser/);
  });
});

describe("a stored secret follows only the connection it was saved for", () => {
  const message = "You changed the port; type the password again: a stored password is only sent to the port it was saved for.";

  it("Test connectivity with the port changed and the password blank refuses, and sends the stored password nowhere", async () => {
    const fake = await startFakePostgres();
    try {
      const form = { ...hologres, name: "holo_follow", password: "Stored-Secret-Never-Sent-7" };
      const created = await createDataSource(form);
      if (!created.ok) throw new Error(created.message);
      const result = await testDataSourceConnectivity({ id: created.data.id, form: { ...form, port: String(fake.port), password: "" } });
      expect(fake.passwords).toEqual([]);
      expect(fake.connections()).toBe(0);
      expect(result).toEqual({ ok: false, message, fieldErrors: { password: [message] } });

      // Saving the same change is refused the same way, and stores nothing.
      const saved = await updateDataSource({ id: created.data.id, form: { ...form, port: String(fake.port), password: "" } });
      expect(saved).toEqual({ ok: false, message, fieldErrors: { password: [message] } });
      const stored = await db.dataSourceConfig.findMany({ where: { dataSourceId: created.data.id } });
      expect(stored.map((config) => (config.settings as { port: number }).port)).toEqual([5432, 5432]);

      // A password typed for the new port is the one that goes there.
      await testDataSourceConnectivity({ id: created.data.id, form: { ...form, port: String(fake.port), password: "typed-for-this-port" } });
      expect(fake.passwords).toEqual(["typed-for-this-port"]);
    } finally {
      await fake.close();
    }
  });

  it("tests a Hologres host on the metadata address without connecting to it", async () => {
    const refused = onlyLoopbackConnects();
    const started = performance.now();
    const result = await testDataSourceConnectivity({ form: { ...hologres, name: "holo_metadata", host: "169.254.169.254", port: "80" } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(refused).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.ok).toBe(false);
    expect(result.data.message).toContain("The endpoint 169.254.169.254:80 is a link-local address");
    expect(result.data.message).toContain("SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS=true");
  });

  it("tests an ODPS endpoint on the metadata address without connecting to it", async () => {
    const refused = onlyLoopbackConnects();
    const result = await testDataSourceConnectivity({
      form: {
        type: "odps",
        name: "odps_metadata",
        description: "",
        environments: ["development"],
        endpoint: "http://169.254.169.254/latest/meta-data",
        tunnelEndpoint: "",
        project: "p",
        accessKeyId: "LTAIx",
        accessKeySecret: "s",
      },
    });
    expect(refused).toEqual([]);
    expect(result.ok && result.data.ok).toBe(false);
    if (result.ok) expect(result.data.message).toContain("The endpoint http://169.254.169.254 is a link-local address");
  });
});

describe("a MySQL data source (drawn from the connector registry)", () => {
  const mysqlForm = {
    type: "mysql",
    connectionMode: "connection_string",
    name: "shop_mysql",
    description: "",
    environments: ["development", "production"],
    host: "127.0.0.1",
    port: "3306",
    database: "mysql",
    user: "root",
    password: "",
    ssl: false,
  };

  it("is created with its password sealed apart from the settings, and tests against the real MariaDB", async () => {
    const created = await createDataSource({ ...mysqlForm, password: "Mysql-Secret-Value-3" });
    if (!created.ok) throw new Error(created.message);
    const stored = await db.dataSourceConfig.findMany({ where: { dataSourceId: created.data.id } });
    for (const config of stored) {
      expect(config.settings).toEqual({ connectionMode: "connection_string", host: "127.0.0.1", port: 3306, database: "mysql", user: "root", ssl: false });
      expect(config.sealedSecrets).not.toContain("Mysql-Secret-Value-3");
    }
    // The local MariaDB's root has no password: the sealed one is refused, by name.
    const refused = await testDataSourceConnectivity({ id: created.data.id });
    expect(refused.ok && refused.data).toMatchObject({ ok: false, message: expect.stringMatching(/refused user "root": check the user and password/) });
    expect(JSON.stringify(refused)).not.toContain("Mysql-Secret-Value-3");

    const unsaved = await testDataSourceConnectivity({ form: { ...mysqlForm, name: "shop_unsaved" } });
    expect(unsaved.ok && unsaved.data).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected to (MariaDB|MySQL) \d+\.\d+/) });
  });

  it("keeps a stored password only for the host, port, database and user it was saved for", async () => {
    const created = await createDataSource({ ...mysqlForm, name: "shop_follow", password: "Bound-To-Host-5" });
    if (!created.ok) throw new Error(created.message);
    const message = "You changed the host; type the password again: a stored password is only sent to the host it was saved for.";
    const saved = await updateDataSource({ id: created.data.id, form: { ...mysqlForm, name: "shop_follow", host: "localhost", password: "" } });
    expect(saved).toEqual({ ok: false, message, fieldErrors: { password: [message] } });
    const kept = await updateDataSource({ id: created.data.id, form: { ...mysqlForm, name: "shop_follow", description: "orders", password: "" } });
    expect(kept.ok).toBe(true);
  });
});
