// Every server action and route handler, called as each workspace role, as a console
// administrator, as a user outside the workspace, as a user who must change a password
// an administrator set, and with no session. Only the Next.js request context (cookies,
// headers, cache revalidation) is stood in for; sessions, roles and the checks run for
// real against PostgreSQL. A new action or route without an entry in the tables below
// fails the walk, so none can be added without saying who may call it.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const cookieJar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
    set: (name: string, value: string) => void cookieJar.set(name, value),
    delete: (name: string) => void cookieJar.delete(name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { db } = await import("@/lib/db");
const { createSession } = await import("@/lib/data/sessions");
const { createUser } = await import("@/lib/data/users");
const { ensureWorkspace } = await import("@/lib/data/workspaces");
const { workspacePermissions } = await import("./roles");

type Access = keyof typeof workspacePermissions | "consoleAdmin" | "signedIn" | "public";

/** Who may call each server action. */
const actionAccess: Record<string, Access> = {
  describeWorkflow: "read",
  createDataSource: "edit",
  updateDataSource: "edit",
  deleteDataSource: "edit",
  testDataSourceConnectivity: "edit",
  createWorkflow: "edit",
  renameWorkflow: "edit",
  deleteWorkflow: "edit",
  createSyncNode: "edit",
  deleteSyncNode: "edit",
  saveSyncNode: "edit",
  commitNode: "edit",
  rollBackNode: "edit",
  deployVersions: "deploy",
  updateWorkspaceScheduling: "manageSettings",
  generateCreateTableDdl: "edit",
  createTargetTable: "edit",
  testGroupConnectivity: "edit",
  startRun: "run",
  stopRun: "run",
  rerun: "run",
  rerunInstance: "deploy",
  rerunInstanceDownstream: "deploy",
  setInstanceSucceeded: "deploy",
  stopInstance: "deploy",
  setInstanceFrozen: "deploy",
  setNodeFrozen: "deploy",
  undeployNode: "deploy",
  createTestInstance: "run",
  createBackfill: "deploy",
  stopBackfill: "deploy",
  listBackfillDescendants: "read",
  runQuery: "query",
  listQueryTables: "query",
  saveAlertRule: "deploy",
  setAlertRuleEnabled: "deploy",
  deleteAlertRule: "deploy",
  checkAlertsNow: "deploy",
  saveSmtpSettings: "manageMembers",
  addMember: "manageMembers",
  changeMemberRole: "manageMembers",
  removeMember: "manageMembers",
  createWorkspace: "consoleAdmin",
  createResourceGroup: "consoleAdmin",
  updateResourceGroup: "consoleAdmin",
  createUser: "consoleAdmin",
  setUserDisabled: "consoleAdmin",
  resetUserPassword: "consoleAdmin",
  changePassword: "signedIn",
  switchWorkspace: "signedIn",
  logIn: "public",
  logOut: "public",
};

/** Who may call each route handler (path under app/, with the params it needs). */
const routeAccess: Record<string, { access: Access; params: Record<string, string> }> = {
  "api/catalog/[type]/[datasource]/tables": { access: "read", params: { type: "mysql", datasource: "no_such_source" } },
  "api/catalog/[type]/[datasource]/tables/[table]": { access: "read", params: { type: "mysql", datasource: "no_such_source", table: "t" } },
  "api/catalog/[type]/[datasource]/preview": { access: "query", params: { type: "mysql", datasource: "no_such_source" } },
  "api/catalog/holo/[datasource]/tables": { access: "read", params: { datasource: "no_such_source" } },
  "api/catalog/holo/[datasource]/tables/[table]": { access: "read", params: { datasource: "no_such_source", table: "t" } },
  "api/catalog/odps/[datasource]/tables": { access: "read", params: { datasource: "no_such_source" } },
  "api/catalog/odps/[datasource]/tables/[table]": { access: "read", params: { datasource: "no_such_source", table: "t" } },
  "api/catalog/odps/[datasource]/tables/[table]/partitions": { access: "read", params: { datasource: "no_such_source", table: "t" } },
  "api/catalog/odps/[datasource]/tables/[table]/preview": { access: "query", params: { datasource: "no_such_source", table: "t" } },
  "api/nodes/[nodeId]/active-run": { access: "read", params: { nodeId: "no_such_node" } },
  "api/nodes/[nodeId]/saved": { access: "read", params: { nodeId: "no_such_node" } },
  "(console)/runs/[runId]/state": { access: "read", params: { runId: "no_such_run" } },
  "api/instances": { access: "read", params: {} },
  "api/instances/[instanceId]": { access: "read", params: { instanceId: "no_such_instance" } },
  "api/dag/instances/[instanceId]": { access: "read", params: { instanceId: "no_such_instance" } },
  "api/dag/nodes/[nodeId]": { access: "read", params: { nodeId: "no_such_node" } },
};

type Caller = "administrator" | "developer" | "operations" | "visitor" | "consoleAdmin" | "outsider" | "mustChangePassword" | "noSession";
const callers: Caller[] = ["administrator", "developer", "operations", "visitor", "consoleAdmin", "outsider", "mustChangePassword", "noSession"];

/** What the caller should get: allowed, refused for the role (403), or sent to sign in (401). */
function expected(access: Access, caller: Caller): "allowed" | "forbidden" | "signIn" {
  if (access === "public") return "allowed";
  if (caller === "noSession") return "signIn";
  if (access === "signedIn") return "allowed";
  if (caller === "mustChangePassword") return "forbidden";
  if (caller === "consoleAdmin") return "allowed";
  if (access === "consoleAdmin") return "forbidden";
  if (caller === "outsider") return "forbidden";
  return (workspacePermissions[access] as readonly string[]).includes(caller) ? "allowed" : "forbidden";
}

const refusal = /cannot (see|change|run|deploy|manage)|Only console administrators|not a member of any workspace|choose your own first/;

const suffix = randomUUID().slice(0, 8);
const userIds: string[] = [];
const sessions = new Map<Caller, string>();
let workspaceId = "";

async function signIn(caller: Caller) {
  cookieJar.clear();
  const token = sessions.get(caller);
  if (token) cookieJar.set("synclane_session", token);
  cookieJar.set("synclane_workspace", workspaceId);
}

beforeAll(async () => {
  const roleUsers: Record<string, string> = {};
  for (const caller of callers) {
    if (caller === "noSession") continue;
    const user = await createUser({ username: `walk_${caller}_${suffix}`, displayName: caller, password: "walk-password-123", isAdmin: caller === "consoleAdmin" });
    userIds.push(user.id);
    roleUsers[caller] = user.id;
    if (caller === "mustChangePassword") await db.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    sessions.set(caller, (await createSession(user.id)).token);
  }
  workspaceId = (await ensureWorkspace({ name: `walk_${suffix}`, displayName: `Walk ${suffix}`, mode: "standard", memberIds: [] })).id;
  for (const role of ["administrator", "developer", "operations", "visitor"] as const) {
    await db.workspaceMember.create({ data: { workspaceId, userId: roleUsers[role], role } });
  }
  await db.workspaceMember.create({ data: { workspaceId, userId: roleUsers.mustChangePassword, role: "developer" } });
});

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: workspaceId } });
  await db.user.deleteMany({ where: { id: { in: userIds } } });
  await db.$disconnect();
});

const actionsDir = path.resolve("lib/actions");
const actionFiles = readdirSync(actionsDir).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && readFileSync(path.join(actionsDir, file), "utf8").startsWith('"use server"'));

async function loadActions(): Promise<Map<string, (input: unknown) => Promise<unknown>>> {
  const actions = new Map<string, (input: unknown) => Promise<unknown>>();
  for (const file of actionFiles) {
    const exported = (await import(path.join(actionsDir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) if (typeof value === "function") actions.set(name, value as (input: unknown) => Promise<unknown>);
  }
  return actions;
}

describe("every server action checks who calls it", async () => {
  const actions = await loadActions();

  it("has an access rule for every exported action", () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(actionAccess).sort());
  });

  for (const [name, access] of Object.entries(actionAccess)) {
    if (access === "public") continue;
    it(`${name} (${access})`, async () => {
      const action = actions.get(name)!;
      for (const caller of callers) {
        await signIn(caller);
        const want = expected(access, caller);
        // An empty input: an allowed caller is stopped by validation (or finds nothing),
        // so the walk changes nothing; a refused one never gets that far.
        const outcome = await action({}).then(
          (result) => ({ result: result as { ok: boolean; message?: string } }),
          (error: { digest?: string }) => ({ error }),
        );
        const where = `${name} as ${caller}`;
        if (want === "signIn") {
          expect("error" in outcome && String(outcome.error.digest), where).toMatch(/NEXT_REDIRECT.*\/login/);
        } else if (want === "forbidden") {
          expect("result" in outcome && outcome.result.ok, where).toBe(false);
          expect("result" in outcome && outcome.result.message, where).toMatch(refusal);
        } else {
          expect("error" in outcome ? `threw ${String(outcome.error)}` : (outcome.result.message ?? "ok"), where).not.toMatch(refusal);
        }
      }
    });
  }
});

describe("every route handler checks who calls it", () => {
  const appDir = path.resolve("app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name === "route.ts") found.push(path.relative(appDir, dir));
    }
  };
  walk(appDir);

  it("has an access rule for every route", () => {
    expect(found.sort()).toEqual(Object.keys(routeAccess).sort());
  });

  for (const [route, { access, params }] of Object.entries(routeAccess)) {
    it(`${route} (${access})`, async () => {
      const { GET } = (await import(path.join(appDir, route, "route.ts"))) as { GET: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> };
      for (const caller of callers) {
        await signIn(caller);
        const response = await GET(new Request("http://localhost/x"), { params: Promise.resolve(params) });
        const want = expected(access, caller);
        const where = `${route} as ${caller}`;
        if (want === "signIn") expect(response.status, where).toBe(401);
        else if (want === "forbidden") expect(response.status, where).toBe(403);
        else expect([401, 403], where).not.toContain(response.status);
      }
    });
  }
});
