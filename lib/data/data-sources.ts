import "server-only";
import { db } from "@/lib/db";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lockObjectName, nameTakenError } from "@/lib/data/object-names";
import { dataSourceNamesOf } from "@/lib/job-spec-draft";
import { dataSourceProblemsOf } from "@/lib/job-spec-data-sources";
import { openSecrets, sealSecrets } from "@/lib/secrets";
import type { JobSpecIssue } from "@/lib/sync-engine/job-spec";
import type {
  DataSourceForm,
  DataSourceTypeName,
  EnvironmentName,
  HologresSettings,
  MaxComputeSettings,
} from "@/lib/schemas/data-source";
import { environmentLabels, environments as environmentOrder, genericFormFields, secretBindingChange, secretFieldsByType, type GenericSettings } from "@/lib/schemas/data-source";
import type { EngineSourceInput } from "@/lib/engine-data-source";

/** The last connectivity test; `warning` says what is risky about the credentials, or null. */
export type ConnectivityResult = { at: Date; ok: boolean; message: string; warning: string | null };

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
  /** The first environment's settings (Development, or Production alone). */
  settings: HologresSettings | MaxComputeSettings;
  /** Which secrets are stored; the secrets themselves never leave the server. */
  secretsSet: Record<string, boolean>;
  /** Production's own settings, when they differ from Development's. */
  production: { settings: HologresSettings | MaxComputeSettings; secretsSet: Record<string, boolean> } | null;
};

type ConfigRow = {
  environment: EnvironmentName;
  settings: unknown;
  sealedSecrets: string;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  lastTestWarning: string | null;
};

function byEnvironment(a: { environment: EnvironmentName }, b: { environment: EnvironmentName }) {
  return environmentOrder.indexOf(a.environment) - environmentOrder.indexOf(b.environment);
}

/** The last test across environments: failed if any environment failed, naming it. */
function lastTestOf(configs: ConfigRow[]): ConnectivityResult | null {
  const tested = configs.filter((config) => config.lastTestAt);
  if (tested.length === 0) return null;
  const latest = tested.reduce((a, b) => (b.lastTestAt! > a.lastTestAt! ? b : a));
  const failed = tested.find((config) => config.lastTestOk === false);
  const shown = failed ?? latest;
  const prefix = configs.length > 1 ? `${environmentLabels[shown.environment]}: ` : "";
  return { at: latest.lastTestAt!, ok: !failed, message: `${prefix}${shown.lastTestMessage ?? ""}`, warning: warningOf(configs) };
}

/** The environments' warnings: said once when they agree, each named when they differ. */
function warningOf(configs: ConfigRow[]): string | null {
  const warned = configs.filter((config) => config.lastTestAt && config.lastTestWarning);
  if (warned.length === 0) return null;
  if (warned.length === configs.length && warned.every((config) => config.lastTestWarning === warned[0].lastTestWarning)) {
    return warned[0].lastTestWarning;
  }
  return warned.map((config) => `${configs.length > 1 ? `${environmentLabels[config.environment]}: ` : ""}${config.lastTestWarning}`).join(" ");
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
  lastTestWarning: true,
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
  const secretsSetOf = (config: ConfigRow | undefined) => {
    const secrets = config ? openSecrets(config.sealedSecrets) : {};
    return Object.fromEntries(secretFieldsByType[row.type].map((field) => [field, Boolean(secrets[field])]));
  };
  const [first, second] = configs;
  const differs =
    second !== undefined &&
    (JSON.stringify(first.settings) !== JSON.stringify(second.settings) ||
      JSON.stringify(openSecrets(first.sealedSecrets)) !== JSON.stringify(openSecrets(second.sealedSecrets)));
  return {
    ...toSummary(row),
    settings: (first?.settings ?? {}) as HologresSettings | MaxComputeSettings,
    secretsSet: secretsSetOf(first),
    production: differs ? { settings: second.settings as HologresSettings | MaxComputeSettings, secretsSet: secretsSetOf(second) } : null,
  };
}

type EnvironmentConfig = {
  settings: HologresSettings | MaxComputeSettings | GenericSettings;
  secrets: Record<string, string>;
  /** Whose stored secrets an empty secret field keeps: the environment whose fields these are. */
  keepSecretsOf?: EnvironmentName;
  /** Where the form shows these fields: "" for its own, "production." for Production's own. */
  fieldPrefix?: string;
};

/** Splits one environment's connection fields into stored settings and secrets. */
function splitConnection(form: DataSourceForm, fields: Record<string, unknown>): EnvironmentConfig {
  const text = (name: string) => String(fields[name] ?? "");
  const generic = genericFormFields(form.type);
  if (generic) {
    // A registry-drawn type: its secret fields are sealed, the rest stored as typed.
    const settings: GenericSettings = { connectionMode: "connection_string" };
    const secrets: Record<string, string> = {};
    for (const field of generic) {
      if (field.secret) secrets[field.name] = text(field.name);
      else settings[field.name] = field.input === "checkbox" ? Boolean(fields[field.name]) : field.input === "number" ? Number(fields[field.name]) : text(field.name);
    }
    return { settings, secrets };
  }
  if (form.type === "odps") {
    return {
      settings: { endpoint: text("endpoint"), tunnelEndpoint: text("tunnelEndpoint"), project: text("project"), accessKeyId: text("accessKeyId") },
      secrets: { accessKeySecret: text("accessKeySecret") },
    };
  }
  if (form.connectionMode === "instance") {
    return {
      settings: {
        connectionMode: "instance",
        region: text("region"),
        instanceId: text("instanceId"),
        endpointOverride: text("endpointOverride"),
        database: text("database"),
        accessKeyId: text("accessKeyId"),
      },
      secrets: { accessKeySecret: text("accessKeySecret") },
    };
  }
  return {
    settings: {
      connectionMode: "connection_string",
      host: text("host"),
      port: Number(fields.port),
      database: text("database"),
      user: text("user"),
      ssl: Boolean(fields.ssl),
    },
    secrets: { password: text("password") },
  };
}

/**
 * Each chosen environment's configuration. The form's own fields are the first
 * environment's; Production has its own only when the form gives `production` and both
 * environments are chosen.
 */
function splitForm(form: DataSourceForm): Partial<Record<EnvironmentName, EnvironmentConfig>> {
  const first = environmentOrder.find((environment) => form.environments.includes(environment))!;
  const shared = { ...splitConnection(form, form), keepSecretsOf: first, fieldPrefix: "" };
  const result: Partial<Record<EnvironmentName, EnvironmentConfig>> = {};
  for (const environment of form.environments) {
    const own = environment === "production" && form.environments.includes("development") && form.production;
    result[environment] = own
      ? { ...splitConnection(form, form.production as Record<string, unknown>), keepSecretsOf: "production", fieldPrefix: "production." }
      : shared;
  }
  return result;
}

function nameTaken(name: string) {
  return nameTakenError({ kind: "data source", wanted: name, existing: name, where: " in this workspace" });
}

/**
 * Refuses a name another data source of the workspace has, compared without case (`except`:
 * the data source being renamed). Call inside the transaction that writes the name.
 */
async function claimDataSourceName(tx: Prisma.TransactionClient, input: { workspaceId: string; name: string; except?: string }) {
  await lockObjectName(tx, { scope: `data-source:${input.workspaceId}`, name: input.name });
  const [clash] = await tx.$queryRaw<{ name: string }[]>`
    SELECT name FROM "DataSource"
    WHERE "workspaceId" = ${input.workspaceId} AND lower(name) = lower(${input.name}) AND id <> ${input.except ?? ""}
    LIMIT 1`;
  if (clash) throw nameTakenError({ kind: "data source", wanted: input.name, existing: clash.name, where: " in this workspace" });
}

export async function createDataSource(workspaceId: string, form: DataSourceForm): Promise<{ id: string }> {
  const configs = splitForm(form);
  try {
    return await db.$transaction(async (tx) => {
      await claimDataSourceName(tx, { workspaceId, name: form.name });
      return tx.dataSource.create({
        data: {
          workspaceId,
          name: form.name,
          type: form.type,
          description: form.description,
          configs: {
            create: Object.entries(configs).map(([environment, config]) => ({
              environment: environment as EnvironmentName,
              settings: config.settings,
              sealedSecrets: sealSecrets(config.secrets),
            })),
          },
        },
        select: { id: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(form.name);
    throw error;
  }
}

export async function updateDataSource(workspaceId: string, id: string, form: DataSourceForm): Promise<void> {
  const current = await db.dataSource.findFirst({ where: { id, workspaceId }, include: { configs: true } });
  if (!current) throw new ConsoleError("NOT_FOUND", "This data source does not exist in the current workspace.");
  if (current.type !== form.type) throw new ConsoleError("INVALID", "The type of a data source cannot change.");
  const configs = keepStoredSecrets(form.type, splitForm(form), current.configs);
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
  try {
    await db.$transaction(async (tx) => {
      if (current.name !== form.name) await claimDataSourceName(tx, { workspaceId, name: form.name, except: id });
      await tx.dataSource.update({ where: { id }, data: { name: form.name, description: form.description } });
      await tx.dataSourceConfig.deleteMany({ where: { dataSourceId: id, environment: { notIn: form.environments } } });
      for (const [environment, config] of Object.entries(configs)) {
        const data = { settings: config.settings, sealedSecrets: sealSecrets(config.secrets) };
        await tx.dataSourceConfig.upsert({
          where: { dataSourceId_environment: { dataSourceId: id, environment: environment as EnvironmentName } },
          update: data,
          create: { dataSourceId: id, environment: environment as EnvironmentName, ...data },
        });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(form.name);
    throw error;
  }
}

/**
 * An empty secret field means "keep the stored secret": the environment's own, or the
 * other environment's when this one is new. A stored secret is only kept for the host,
 * port, endpoints, database and user (or AccessKey ID) it was saved with: with any of them
 * changed it would go to a server its owner never typed it for, so the secret must be
 * typed again.
 */
function keepStoredSecrets(
  type: DataSourceTypeName,
  configs: Partial<Record<EnvironmentName, EnvironmentConfig>>,
  stored: { environment: EnvironmentName; settings: unknown; sealedSecrets: string }[],
): Partial<Record<EnvironmentName, EnvironmentConfig>> {
  const storedConfigs = new Map(stored.map((config) => [config.environment, config]));
  const fallback = [...stored].sort(byEnvironment)[0];
  const result: Partial<Record<EnvironmentName, EnvironmentConfig>> = {};
  for (const [environment, config] of Object.entries(configs) as [EnvironmentName, EnvironmentConfig][]) {
    const source = storedConfigs.get(config.keepSecretsOf ?? environment) ?? fallback;
    const kept = source ? openSecrets(source.sealedSecrets) : {};
    const secrets: Record<string, string> = {};
    for (const [field, value] of Object.entries(config.secrets)) {
      if (value || !kept[field]) {
        secrets[field] = value;
        continue;
      }
      const change = secretBindingChange({
        type,
        connectionMode: (config.settings as { connectionMode?: string }).connectionMode,
        saved: source!.settings as Record<string, unknown>,
        current: config.settings,
      });
      if (change) throw new ConsoleError("INVALID", change.message, `${config.fieldPrefix ?? ""}${field}`);
      secrets[field] = kept[field];
    }
    result[environment] = { ...config, secrets };
  }
  return result;
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

/**
 * The data sources a job spec names that the workspace does not have, or that are of
 * another type than their step, as issues at their JSON paths (empty when all is well).
 */
export async function dataSourceProblemsInWorkspace(workspaceId: string, spec: unknown): Promise<JobSpecIssue[]> {
  const names = dataSourceNamesOf(spec);
  if (names.length === 0) return [];
  // Names that differ only in case are looked up too, so the message can point at them.
  const sources = await db.dataSource.findMany({
    where: { workspaceId, OR: names.map((name) => ({ name: { equals: name, mode: "insensitive" as const } })) },
    select: { name: true, type: true },
  });
  return dataSourceProblemsOf(spec, sources);
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

export type ResolvedDataSource = { id: string; name: string; environment: EnvironmentName } & EngineSourceInput;

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
  result: { ok: boolean; message: string; warning: string | null },
): Promise<void> {
  await db.dataSourceConfig.updateMany({
    where: { dataSourceId, environment },
    data: {
      lastTestAt: new Date(),
      lastTestOk: result.ok,
      lastTestMessage: result.message.slice(0, 500),
      lastTestWarning: result.warning?.slice(0, 1000) ?? null,
    },
  });
}

/**
 * The configurations an unsaved form would store, per environment, for a connectivity
 * test. On edit an empty secret field falls back to the stored secret, under the same
 * rule as saving: only for the connection it was saved with.
 */
export async function getDataSourceForTest(
  workspaceId: string,
  form: DataSourceForm,
  existingId?: string,
): Promise<{ environment: EnvironmentName; source: EngineSourceInput }[]> {
  let configs = splitForm(form);
  if (existingId) {
    const current = await db.dataSource.findFirst({ where: { id: existingId, workspaceId }, include: { configs: true } });
    configs = keepStoredSecrets(form.type, configs, current?.configs ?? []);
  }
  return (Object.entries(configs) as [EnvironmentName, EnvironmentConfig][]).map(([environment, config]) => ({
    environment,
    source: { type: form.type, settings: config.settings, secrets: config.secrets } as EngineSourceInput,
  }));
}

/** Creates the data source, or updates the one with the same name (used by the demo set-up). */
export async function upsertDataSource(workspaceId: string, form: DataSourceForm): Promise<{ id: string; created: boolean }> {
  const existing = await db.dataSource.findUnique({ where: { workspaceId_name: { workspaceId, name: form.name } } });
  if (!existing) return { ...(await createDataSource(workspaceId, form)), created: true };
  await updateDataSource(workspaceId, existing.id, form);
  return { id: existing.id, created: false };
}
