import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import {
  createDataSource,
  deleteDataSource,
  getDataSource,
  listDataSources,
  recordConnectivityResult,
  resolveDataSource,
  updateDataSource,
} from "./data-sources";
import { createSyncNode, createWorkflow } from "./workflows";
import { ensureWorkspace } from "./workspaces";

let workspaceId = "";

const holoForm = (overrides: Record<string, unknown> = {}) =>
  dataSourceFormSchema.parse({
    type: "holo",
    connectionMode: "connection_string",
    name: "holo_demo",
    description: "",
    environments: ["development", "production"],
    host: "127.0.0.1",
    port: 5432,
    database: "holo_demo",
    user: "postgres",
    password: "pg-password-Very-Secret-1",
    ssl: false,
    ...overrides,
  });

const odpsForm = (overrides: Record<string, unknown> = {}) =>
  dataSourceFormSchema.parse({
    type: "odps",
    name: "odps_first",
    description: "MaxCompute",
    environments: ["development"],
    endpoint: "http://127.0.0.1:8110/api",
    tunnelEndpoint: "",
    project: "demo",
    accessKeyId: "LTAItest",
    accessKeySecret: "odps-Secret-Value-42",
    ...overrides,
  });

beforeAll(async () => {
  const workspace = await ensureWorkspace({
    name: `test_${randomUUID().slice(0, 8)}`,
    displayName: "Test",
    mode: "standard",
    memberIds: [],
  });
  workspaceId = workspace.id;
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

describe("data sources in PostgreSQL", () => {
  it("stores secrets sealed: the database column never holds the plaintext", async () => {
    const { id } = await createDataSource(workspaceId, holoForm());
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const rows = await client.query(
      `SELECT c."settings"::text AS settings, c."sealedSecrets" AS sealed FROM "DataSourceConfig" c WHERE c."dataSourceId" = $1`,
      [id],
    );
    await client.end();
    expect(rows.rowCount).toBe(2);
    for (const row of rows.rows) {
      expect(row.sealed).not.toContain("pg-password-Very-Secret-1");
      expect(row.settings).not.toContain("pg-password-Very-Secret-1");
      expect(row.sealed).toMatch(/^v1:/);
    }
    const detail = await getDataSource(workspaceId, id);
    expect(JSON.stringify(detail)).not.toContain("pg-password-Very-Secret-1");
    expect(detail.secretsSet).toEqual({ accessKeySecret: false, password: true });
    expect(detail.environments).toEqual(["development", "production"]);
    const resolved = await resolveDataSource({ workspaceId, name: "holo_demo" });
    expect(resolved.secrets.password).toBe("pg-password-Very-Secret-1");
  });

  it("refuses a duplicate name in the same workspace with a message that says so", async () => {
    await expect(createDataSource(workspaceId, holoForm({ description: "again" }))).rejects.toThrow(
      'A data source named "holo_demo" already exists in this workspace. Choose another name.',
    );
  });

  it("keeps the stored secret when an edit leaves it empty, and replaces it when typed", async () => {
    const { id } = await createDataSource(workspaceId, odpsForm());
    await updateDataSource(workspaceId, id, odpsForm({ accessKeySecret: "", description: "edited" }));
    expect((await resolveDataSource({ workspaceId, id })).secrets.accessKeySecret).toBe("odps-Secret-Value-42");
    await updateDataSource(workspaceId, id, odpsForm({ accessKeySecret: "new-secret" }));
    expect((await resolveDataSource({ workspaceId, id })).secrets.accessKeySecret).toBe("new-secret");
  });

  it("keeps a stored secret only for the connection it was saved with", async () => {
    const { id } = await createDataSource(workspaceId, holoForm({ name: "holo_bound", environments: ["development"] }));
    const edit = (overrides: Record<string, unknown>) =>
      updateDataSource(workspaceId, id, holoForm({ name: "holo_bound", environments: ["development"], password: "", ...overrides }));
    await expect(edit({ host: "attacker.example.test" })).rejects.toMatchObject({
      field: "password",
      message: "You changed the host; type the password again: a stored password is only sent to the host it was saved for.",
    });
    await expect(edit({ port: 6543 })).rejects.toMatchObject({ field: "password", message: expect.stringMatching(/^You changed the port;/) });
    await expect(edit({ database: "other" })).rejects.toMatchObject({ message: expect.stringMatching(/^You changed the database;/) });
    await expect(edit({ user: "other", host: "h2" })).rejects.toMatchObject({
      message: "You changed the host and user; type the password again: a stored password is only sent to the host and user it was saved for.",
    });
    // Nothing was stored by the refused edits; an edit of anything else keeps the secret.
    expect((await resolveDataSource({ workspaceId, id })).settings).toMatchObject({ host: "127.0.0.1", port: 5432 });
    await edit({ description: "only the description", host: "127.0.0.1" });
    expect((await resolveDataSource({ workspaceId, id })).secrets.password).toBe("pg-password-Very-Secret-1");
    // Typed again, the secret goes with the new host.
    await edit({ host: "10.1.2.3", password: "typed-again" });
    expect((await resolveDataSource({ workspaceId, id })).secrets.password).toBe("typed-again");
    await deleteDataSource(workspaceId, id);
  });

  it("binds a MaxCompute AccessKey secret to its endpoints, project and AccessKey ID", async () => {
    const { id } = await createDataSource(workspaceId, odpsForm({ name: "odps_bound" }));
    const edit = (overrides: Record<string, unknown>) => updateDataSource(workspaceId, id, odpsForm({ name: "odps_bound", accessKeySecret: "", ...overrides }));
    await expect(edit({ endpoint: "http://127.0.0.1:9999/api" })).rejects.toMatchObject({
      field: "accessKeySecret",
      message: "You changed the ODPS endpoint; type the AccessKey secret again: a stored AccessKey secret is only sent to the ODPS endpoint it was saved for.",
    });
    await expect(edit({ tunnelEndpoint: "http://127.0.0.1:9999/tunnel" })).rejects.toMatchObject({ message: expect.stringMatching(/^You changed the Tunnel endpoint;/) });
    await expect(edit({ project: "other" })).rejects.toMatchObject({
      message: "You changed the project; type the AccessKey secret again: a stored AccessKey secret is only used with the project it was saved for.",
    });
    await expect(edit({ accessKeyId: "LTAIother" })).rejects.toMatchObject({ message: expect.stringMatching(/^You changed the AccessKey ID;/) });
    await edit({ endpoint: "http://127.0.0.1:8110/api/" });
    expect((await resolveDataSource({ workspaceId, id })).secrets.accessKeySecret).toBe("odps-Secret-Value-42");
    await deleteDataSource(workspaceId, id);
  });

  it("binds a Hologres instance-mode secret to its region, instance, endpoint, database and AccessKey ID", async () => {
    const instance = (overrides: Record<string, unknown>) =>
      dataSourceFormSchema.parse({
        type: "holo",
        connectionMode: "instance",
        name: "holo_instance_bound",
        description: "",
        environments: ["development"],
        region: "cn-hangzhou",
        instanceId: "hgpostcn-cn-abc",
        endpointOverride: "",
        database: "db1",
        accessKeyId: "LTAIinstance",
        accessKeySecret: "instance-secret",
        ...overrides,
      });
    const { id } = await createDataSource(workspaceId, instance({}));
    const edit = (overrides: Record<string, unknown>) => updateDataSource(workspaceId, id, instance({ accessKeySecret: "", ...overrides }));
    await expect(edit({ endpointOverride: "127.0.0.1:6432" })).rejects.toMatchObject({
      field: "accessKeySecret",
      message: expect.stringMatching(/^You changed the endpoint; type the AccessKey secret again/),
    });
    await expect(edit({ region: "cn-beijing" })).rejects.toMatchObject({ message: expect.stringMatching(/^You changed the region and endpoint;/) });
    await expect(edit({ instanceId: "hgpostcn-cn-def" })).rejects.toMatchObject({ message: expect.stringMatching(/^You changed the instance ID and endpoint;/) });
    await expect(edit({ database: "db2" })).rejects.toMatchObject({ message: expect.stringMatching(/^You changed the database;/) });
    // The override that names the derived endpoint is the same endpoint.
    await edit({ endpointOverride: "hgpostcn-cn-abc-cn-hangzhou.hologres.aliyuncs.com:80" });
    expect((await resolveDataSource({ workspaceId, id })).secrets.accessKeySecret).toBe("instance-secret");
    await deleteDataSource(workspaceId, id);
  });

  it("names Production's own secret field when Production's own host changed", async () => {
    const production = { host: "10.0.0.9", port: 80, database: "holo_prod", user: "prod_user", password: "prod-bound-secret", ssl: true };
    const { id } = await createDataSource(workspaceId, holoForm({ name: "holo_prod_bound", production }));
    await expect(
      updateDataSource(workspaceId, id, holoForm({ name: "holo_prod_bound", password: "", production: { ...production, host: "10.0.0.10", password: "" } })),
    ).rejects.toMatchObject({ field: "production.password", message: expect.stringMatching(/^You changed the host;/) });
    // A new Production configuration of its own starts from Development's stored secret, bound the same way.
    const { id: shared } = await createDataSource(workspaceId, holoForm({ name: "holo_shared_bound" }));
    await expect(
      updateDataSource(workspaceId, shared, holoForm({ name: "holo_shared_bound", password: "", production: { ...production, password: "" } })),
    ).rejects.toMatchObject({ field: "production.password" });
    await updateDataSource(workspaceId, shared, holoForm({ name: "holo_shared_bound", password: "", production: { host: "127.0.0.1", port: 5432, database: "holo_demo", user: "postgres", password: "", ssl: true } }));
    expect((await resolveDataSource({ workspaceId, id: shared, environment: "production" })).secrets.password).toBe("pg-password-Very-Secret-1");
    await deleteDataSource(workspaceId, id);
    await deleteDataSource(workspaceId, shared);
  });

  it("keeps each environment's connectivity warning, naming the environment when they differ", async () => {
    const { id } = await createDataSource(workspaceId, holoForm({ name: "holo_warned" }));
    const warning = "This user can do anything on the server: Pre-SQL, Query and Create Table run with its rights (u is a superuser).";
    await recordConnectivityResult(id, "development", { ok: true, message: "Connected.", warning });
    await recordConnectivityResult(id, "production", { ok: true, message: "Connected.", warning: null });
    expect((await getDataSource(workspaceId, id)).lastTest?.warning).toBe(`Development: ${warning}`);
    await recordConnectivityResult(id, "production", { ok: true, message: "Connected.", warning });
    expect((await getDataSource(workspaceId, id)).lastTest?.warning).toBe(warning);
    // A later test without a warning clears it.
    await recordConnectivityResult(id, "development", { ok: true, message: "Connected.", warning: null });
    await recordConnectivityResult(id, "production", { ok: false, message: "Refused.", warning: null });
    expect((await getDataSource(workspaceId, id)).lastTest?.warning).toBeNull();
    await deleteDataSource(workspaceId, id);
  });

  it("lists with search by name and filter by type", async () => {
    expect((await listDataSources(workspaceId, { q: "ODPS" })).map((s) => s.name)).toEqual(["odps_first"]);
    expect((await listDataSources(workspaceId, { type: "holo" })).map((s) => s.name)).toEqual(["holo_demo"]);
    expect(await listDataSources(workspaceId, { q: "nothing" })).toEqual([]);
  });

  it("keeps a Production configuration of its own when the form gives one", async () => {
    const { id } = await createDataSource(
      workspaceId,
      holoForm({
        name: "holo_two_envs",
        production: { host: "10.0.0.9", port: 80, database: "holo_prod", user: "prod_user", password: "prod-only-secret", ssl: true },
      }),
    );
    const development = await resolveDataSource({ workspaceId, id, environment: "development" });
    const production = await resolveDataSource({ workspaceId, id, environment: "production" });
    expect(development.settings).toMatchObject({ host: "127.0.0.1", database: "holo_demo" });
    expect(production.settings).toMatchObject({ host: "10.0.0.9", database: "holo_prod", user: "prod_user", ssl: true });
    expect(production.secrets.password).toBe("prod-only-secret");
    const detail = await getDataSource(workspaceId, id);
    expect(detail.production?.settings).toMatchObject({ database: "holo_prod" });
    expect(JSON.stringify(detail)).not.toContain("prod-only-secret");

    // An edit that leaves both secrets empty keeps each environment's own.
    await updateDataSource(
      workspaceId,
      id,
      holoForm({ name: "holo_two_envs", password: "", production: { host: "10.0.0.9", port: 80, database: "holo_prod", user: "prod_user", password: "", ssl: false } }),
    );
    expect((await resolveDataSource({ workspaceId, id, environment: "production" })).secrets.password).toBe("prod-only-secret");
    expect((await resolveDataSource({ workspaceId, id, environment: "development" })).secrets.password).toBe("pg-password-Very-Secret-1");
    expect((await resolveDataSource({ workspaceId, id, environment: "production" })).settings).toMatchObject({ ssl: false });

    // Without its own fields, Production goes back to sharing Development's.
    await updateDataSource(workspaceId, id, holoForm({ name: "holo_two_envs", password: "" }));
    expect((await getDataSource(workspaceId, id)).production).toBeNull();
    await deleteDataSource(workspaceId, id);
  });

  it("refuses to delete a data source that a sync node uses, naming the node", async () => {
    const workflow = await createWorkflow(workspaceId, { name: "wf_delete_check", description: "" });
    const node = await createSyncNode(workspaceId, { nodeType: "batch_sync", name: "load_bank", workflowId: workflow.id }, "tester");
    const spec = { steps: [{ parameter: { datasource: "odps_first" } }, { parameter: { datasource: "holo_demo" } }] };
    await db.syncNode.update({ where: { id: node.id }, data: { jobSpec: spec, dataSourceNames: ["odps_first", "holo_demo"] } });
    const odps = (await listDataSources(workspaceId, { type: "odps" }))[0];
    await expect(deleteDataSource(workspaceId, odps.id)).rejects.toThrow(/used by the sync node wf_delete_check\/load_bank/);
    await db.syncNode.delete({ where: { id: node.id } });
    await deleteDataSource(workspaceId, odps.id);
    expect(await listDataSources(workspaceId, { type: "odps" })).toEqual([]);
  });
});
