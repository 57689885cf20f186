import "server-only";
import { db } from "@/lib/db";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
import { openSecrets, sealSecrets } from "@/lib/secrets";
import type {
  DataSourceForm,
  DataSourceTypeName,
  EnvironmentName,
  HologresSettings,
  MaxComputeSettings,
} from "@/lib/schemas/data-source";
import { environments as environmentOrder, secretFieldsByType } from "@/lib/schemas/data-source";

export type ConnectivityResult = { at: Date; ok: boolean; message: string };

export type DataSourceSummary = {
  id: string;
  name: string;
  type: DataSourceTypeName;
  description: string;
  environments: EnvironmentName[];
  lastTest: ConnectivityResult | null;
  createdAt: Date;
  updatedAt: Date;
};

export type DataSourceDetail = DataSourceSummary & {
  settings: HologresSettings | MaxComputeSettings;
  /** Which secrets are stored; the secrets themselves never leave the server. */
  secretsSet: Record<string, boolean>;
};

type ConfigRow = {
  environment: EnvironmentName;
  settings: unknown;
  sealedSecrets: string;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
};

function byEnvironment(a: { environment: EnvironmentName }, b: { environment: EnvironmentName }) {
  return environmentOrder.indexOf(a.environment) - environmentOrder.indexOf(b.environment);
}

function lastTestOf(configs: ConfigRow[]): ConnectivityResult | null {
  const tested = configs
    .filter((config) => config.lastTestAt)
    .sort((a, b) => b.lastTestAt!.getTime() - a.lastTestAt!.getTime())[0];
  return tested ? { at: tested.lastTestAt!, ok: Boolean(tested.lastTestOk), message: tested.lastTestMessage ?? "" } : null;
}

function toSummary(row: {
  id: string;
  name: string;
  type: DataSourceTypeName;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  configs: ConfigRow[];
}): DataSourceSummary {
  const configs = [...row.configs].sort(byEnvironment);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    description: row.description,
    environments: configs.map((config) => config.environment),
    lastTest: lastTestOf(configs),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const configSelect = {
  environment: true,
  settings: true,
  sealedSecrets: true,
  lastTestAt: true,
  lastTestOk: true,
  lastTestMessage: true,
} as const;

export async function listDataSources(
  workspaceId: string,
  filter: { q?: string; type?: DataSourceTypeName } = {},
): Promise<DataSourceSummary[]> {
  const rows = await db.dataSource.findMany({
    where: {
      workspaceId,
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.q ? { name: { contains: filter.q, mode: "insensitive" as const } } : {}),
    },
    include: { configs: { select: configSelect } },
    orderBy: { updatedAt: "desc" },
  });
  return rows.map(toSummary);
}

export async function getDataSource(workspaceId: string, id: string): Promise<DataSourceDetail> {
  const row = await db.dataSource.findFirst({
    where: { id, workspaceId },
    include: { configs: { select: configSelect } },
  });
  if (!row) throw new ConsoleError("NOT_FOUND", "This data source does not exist in the current workspace.");
  const configs = [...row.configs].sort(byEnvironment);
  const secrets = configs[0] ? openSecrets(configs[0].sealedSecrets) : {};
  return {
    ...toSummary(row),
    settings: (configs[0]?.settings ?? {}) as HologresSettings | MaxComputeSettings,
    secretsSet: Object.fromEntries(secretFieldsByType[row.type].map((field) => [field, Boolean(secrets[field])])),
  };
}

/** Splits a validated form into stored settings and secrets. */
function splitForm(form: DataSourceForm): { settings: HologresSettings | MaxComputeSettings; secrets: Record<string, string> } {
  if (form.type === "odps") {
    return {
      settings: {
        endpoint: form.endpoint,
        tunnelEndpoint: form.tunnelEndpoint,
        project: form.project,
        accessKeyId: form.accessKeyId,
      },
      secrets: { accessKeySecret: form.accessKeySecret },
    };
  }
  if (form.connectionMode === "instance") {
    return {
      settings: {
        connectionMode: "instance",
        region: form.region,
        instanceId: form.instanceId,
        endpointOverride: form.endpointOverride,
        database: form.database,
        accessKeyId: form.accessKeyId,
      },
      secrets: { accessKeySecret: form.accessKeySecret },
    };
  }
  return {
    settings: {
      connectionMode: "connection_string",
      host: form.host,
      port: form.port,
      database: form.database,
      user: form.user,
      ssl: form.ssl,
    },
    secrets: { password: form.password },
  };
}

function nameTaken(name: string) {
  return new ConsoleError(
    "NAME_TAKEN",
    `A data source named "${name}" already exists in this workspace. Choose another name.`,
    "name",
  );
}

export async function createDataSource(workspaceId: string, form: DataSourceForm): Promise<{ id: string }> {
  const { settings, secrets } = splitForm(form);
  const existing = await db.dataSource.findUnique({ where: { workspaceId_name: { workspaceId, name: form.name } } });
  if (existing) throw nameTaken(form.name);
  try {
    const sealedSecrets = sealSecrets(secrets);
    const created = await db.dataSource.create({
      data: {
        workspaceId,
        name: form.name,
        type: form.type,
        description: form.description,
        configs: {
          create: form.environments.map((environment) => ({ environment, settings, sealedSecrets })),
        },
      },
      select: { id: true },
    });
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(form.name);
    throw error;
  }
}

export async function updateDataSource(workspaceId: string, id: string, form: DataSourceForm): Promise<void> {
  const current = await db.dataSource.findFirst({ where: { id, workspaceId }, include: { configs: true } });
  if (!current) throw new ConsoleError("NOT_FOUND", "This data source does not exist in the current workspace.");
  if (current.type !== form.type) throw new ConsoleError("INVALID", "The type of a data source cannot change.");
  const { settings, secrets } = splitForm(form);
  const kept = current.configs[0] ? openSecrets(current.configs[0].sealedSecrets) : {};
  // An empty secret field means "keep the stored secret".
  const merged = Object.fromEntries(
    Object.entries(secrets).map(([field, value]) => [field, value || kept[field] || ""]),
  );
  if (current.name !== form.name) {
    const inUse = await nodesUsingDataSource(workspaceId, current.name);
    if (inUse.length) {
      throw new ConsoleError(
        "IN_USE",
        `"${current.name}" cannot be renamed while sync nodes use it: ${inUse.join(", ")}.`,
        "name",
      );
    }
  }
  const sealedSecrets = sealSecrets(merged);
  try {
    await db.$transaction([
      db.dataSource.update({ where: { id }, data: { name: form.name, description: form.description } }),
      db.dataSourceConfig.deleteMany({ where: { dataSourceId: id, environment: { notIn: form.environments } } }),
      ...form.environments.map((environment) =>
        db.dataSourceConfig.upsert({
          where: { dataSourceId_environment: { dataSourceId: id, environment } },
          update: { settings, sealedSecrets },
          create: { dataSourceId: id, environment, settings, sealedSecrets },
        }),
      ),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(form.name);
    throw error;
  }
}

/** Names of the sync nodes, "workflow/node", whose job spec uses the data source. */
export async function nodesUsingDataSource(workspaceId: string, name: string): Promise<string[]> {
  const nodes = await db.syncNode.findMany({
    where: { workflow: { workspaceId }, dataSourceNames: { has: name } },
    select: { name: true, workflow: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  return nodes.map((node) => `${node.workflow.name}/${node.name}`);
}

export async function deleteDataSource(workspaceId: string, id: string): Promise<void> {
  const current = await db.dataSource.findFirst({ where: { id, workspaceId } });
  if (!current) throw new ConsoleError("NOT_FOUND", "This data source does not exist in the current workspace.");
  const inUse = await nodesUsingDataSource(workspaceId, current.name);
  if (inUse.length) {
    throw new ConsoleError(
      "IN_USE",
      `"${current.name}" is used by ${inUse.length === 1 ? "the sync node" : "these sync nodes"} ${inUse.join(", ")}. Change or delete ${inUse.length === 1 ? "it" : "them"} first.`,
    );
  }
  await db.dataSource.delete({ where: { id } });
}

export type ResolvedDataSource =
  | { id: string; name: string; type: "odps"; environment: EnvironmentName; settings: MaxComputeSettings; secrets: Record<string, string> }
  | { id: string; name: string; type: "holo"; environment: EnvironmentName; settings: HologresSettings; secrets: Record<string, string> };

/**
 * A data source with its secrets opened, for the engine, the workers and connectivity
 * checks. Never send the result to a browser.
 */
export async function resolveDataSource(input: {
  workspaceId: string;
  name?: string;
  id?: string;
  environment?: EnvironmentName;
}): Promise<ResolvedDataSource> {
  const row = await db.dataSource.findFirst({
    where: { workspaceId: input.workspaceId, ...(input.id ? { id: input.id } : { name: input.name }) },
    include: { configs: true },
  });
  if (!row) {
    throw new ConsoleError("NOT_FOUND", `There is no data source named "${input.name ?? input.id}" in this workspace.`);
  }
  // Runs started by hand use Development first, as DataWorks' DataStudio does.
  const preference: EnvironmentName[] = input.environment ? [input.environment] : ["development", "production"];
  const config = preference.map((env) => row.configs.find((c) => c.environment === env)).find(Boolean);
  if (!config) {
    throw new ConsoleError(
      "CONFIG_ERROR",
      `Data source "${row.name}" has no ${preference.join(" or ")} configuration. Edit it and tick the environment.`,
    );
  }
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    environment: config.environment,
    settings: config.settings,
    secrets: openSecrets(config.sealedSecrets),
  } as ResolvedDataSource;
}

export async function recordConnectivityResult(
  dataSourceId: string,
  environment: EnvironmentName,
  result: { ok: boolean; message: string },
): Promise<void> {
  await db.dataSourceConfig.updateMany({
    where: { dataSourceId, environment },
    data: { lastTestAt: new Date(), lastTestOk: result.ok, lastTestMessage: result.message.slice(0, 500) },
  });
}

/**
 * The settings and secrets an unsaved form would store, for a connectivity test. On edit
 * an empty secret field falls back to the stored secret.
 */
export async function getDataSourceForTest(
  workspaceId: string,
  form: DataSourceForm,
  existingId?: string,
): Promise<
  | { type: "odps"; settings: MaxComputeSettings; secrets: Record<string, string> }
  | { type: "holo"; settings: HologresSettings; secrets: Record<string, string> }
> {
  const { settings, secrets } = splitForm(form);
  if (existingId) {
    const current = await db.dataSource.findFirst({ where: { id: existingId, workspaceId }, include: { configs: true } });
    const kept = current?.configs[0] ? openSecrets(current.configs[0].sealedSecrets) : {};
    for (const field of Object.keys(secrets)) secrets[field] ||= kept[field] ?? "";
  }
  return { type: form.type, settings, secrets } as
    | { type: "odps"; settings: MaxComputeSettings; secrets: Record<string, string> }
    | { type: "holo"; settings: HologresSettings; secrets: Record<string, string> };
}

/** Creates the data source, or updates the one with the same name (used by the demo set-up). */
export async function upsertDataSource(workspaceId: string, form: DataSourceForm): Promise<{ id: string; created: boolean }> {
  const existing = await db.dataSource.findUnique({ where: { workspaceId_name: { workspaceId, name: form.name } } });
  if (!existing) return { ...(await createDataSource(workspaceId, form)), created: true };
  await updateDataSource(workspaceId, existing.id, form);
  return { id: existing.id, created: false };
}
