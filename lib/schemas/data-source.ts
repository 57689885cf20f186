import { z } from "zod";
import type { DataSourceFormField } from "@/lib/sync-engine/connectors/connector-spec";
import { connectorSpecFor, connectorSpecs, dataSourceTypeNames, type DataSourceTypeName } from "@/lib/sync-engine/connectors/connector-specs";
import { description, httpUrl, objectName, requiredText } from "./common";

export const environments = ["development", "production"] as const;
export type EnvironmentName = (typeof environments)[number];
export const environmentLabels: Record<EnvironmentName, string> = {
  development: "Development",
  production: "Production",
};

/** Data source types and their names come from the connector registry. */
export const dataSourceTypes = dataSourceTypeNames as [DataSourceTypeName, ...DataSourceTypeName[]];
export type { DataSourceTypeName };
export const dataSourceTypeLabels = Object.fromEntries(connectorSpecs.map((spec) => [spec.dataSourceType, spec.label])) as Record<DataSourceTypeName, string>;

/** The types whose form the registry's form fields draw (MySQL, PostgreSQL ...). */
export type GenericDataSourceTypeName = Exclude<DataSourceTypeName, "odps" | "holo">;
export function genericFormFields(type: string): readonly DataSourceFormField[] | null {
  return connectorSpecFor(type)?.formFields ?? null;
}

const environmentList = z
  .array(z.enum(environments))
  .min(1, "Applicable environment: choose Development, Production or both.")
  .transform((list) => [...new Set(list)]);

// On edit a secret field may stay empty: the stored secret is kept, as long as the
// connection it is bound to is unchanged (see secretBindingChange).
const secretField = (label: string) => z.string().max(500, `${label} is too long.`).default("");

const common = {
  name: objectName("Data Source Name"),
  description: description(),
  environments: environmentList,
};

export const hologresRegions = [
  "cn-hangzhou",
  "cn-shanghai",
  "cn-beijing",
  "cn-shenzhen",
  "cn-hongkong",
  "ap-southeast-1",
  "ap-northeast-1",
  "eu-central-1",
  "us-west-1",
  "us-east-1",
] as const;

const hostPort = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

// The connection fields of one environment. In standard mode the form's fields are the
// Development configuration (or the only one); `production` holds Production's own when
// it differs, with the same fields.
const hologresInstanceConnection = {
  region: requiredText("Region", 40),
  instanceId: requiredText("Instance ID", 80).regex(/^[a-z0-9-]*$/i, "Instance ID may contain only letters, digits and hyphens."),
  endpointOverride: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || hostPort.test(v), "Endpoint must look like host:port."),
  database: requiredText("Database Name", 63),
  accessKeyId: requiredText("AccessKey ID", 128),
  accessKeySecret: secretField("AccessKey Secret"),
};

const hologresStringConnection = {
  host: requiredText("Host", 253).regex(/^[A-Za-z0-9.:-]*$/, "Host must be a host name or an IP address."),
  port: z.coerce
    .number({ error: "Port must be a number." })
    .int("Port must be a whole number.")
    .min(1, "Port must be between 1 and 65535.")
    .max(65535, "Port must be between 1 and 65535."),
  database: requiredText("Database Name", 63),
  user: requiredText("User", 128),
  password: secretField("Password"),
  ssl: z.coerce.boolean().default(false),
};

const maxComputeConnection = {
  endpoint: httpUrl("ODPS Endpoint"),
  tunnelEndpoint: z
    .string()
    .trim()
    .default("")
    .pipe(z.union([z.literal(""), httpUrl("Tunnel Endpoint")])),
  project: requiredText("ODPS project name", 128).regex(
    /^(?:[A-Za-z][A-Za-z0-9_]*)?$/,
    "ODPS project name must start with a letter and contain only letters, digits and underscores.",
  ),
  accessKeyId: requiredText("AccessKey ID", 128),
  accessKeySecret: secretField("AccessKey Secret"),
};

export const hologresDataSourceFormSchema = z.discriminatedUnion("connectionMode", [
  z.object({
    type: z.literal("holo"),
    connectionMode: z.literal("instance"),
    ...common,
    ...hologresInstanceConnection,
    production: z.object(hologresInstanceConnection).optional(),
  }),
  z.object({
    type: z.literal("holo"),
    connectionMode: z.literal("connection_string"),
    ...common,
    ...hologresStringConnection,
    production: z.object(hologresStringConnection).optional(),
  }),
]);
export type HologresDataSourceForm = z.infer<typeof hologresDataSourceFormSchema>;

export const maxComputeDataSourceFormSchema = z.object({
  type: z.literal("odps"),
  ...common,
  description: description("Data source description"),
  ...maxComputeConnection,
  production: z.object(maxComputeConnection).optional(),
});
export type MaxComputeDataSourceForm = z.infer<typeof maxComputeDataSourceFormSchema>;

/** One environment's connection from a connector's form fields. */
function genericConnectionShape(fields: readonly DataSourceFormField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (field.secret) shape[field.name] = secretField(field.label);
    else if (field.input === "checkbox") shape[field.name] = z.coerce.boolean().default(false);
    else if (field.name === "port") shape[field.name] = hologresStringConnection.port;
    else if (field.name === "host") shape[field.name] = hologresStringConnection.host;
    else shape[field.name] = requiredText(field.label, 128);
  }
  return shape;
}

/** The form of a registry-drawn type: connection string mode, as DataWorks has it for MySQL and PostgreSQL. */
export function genericDataSourceFormSchema(type: string) {
  const fields = genericFormFields(type) ?? [];
  const connection = genericConnectionShape(fields);
  return z.object({
    type: z.literal(type),
    connectionMode: z.literal("connection_string").default("connection_string"),
    ...common,
    ...connection,
    production: z.object(connection).optional(),
  });
}
export type GenericDataSourceForm = { type: GenericDataSourceTypeName; connectionMode: "connection_string"; name: string; description: string; environments: EnvironmentName[]; production?: Record<string, unknown> } & Record<string, unknown>;

/** The names of the fields that make up one environment's connection, per type and mode. */
export function connectionFieldNames(type: DataSourceTypeName, connectionMode?: string): string[] {
  const generic = genericFormFields(type);
  if (generic) return generic.map((field) => field.name);
  if (type === "odps") return Object.keys(maxComputeConnection);
  return Object.keys(connectionMode === "instance" ? hologresInstanceConnection : hologresStringConnection);
}

const genericFormSchemas = connectorSpecs.flatMap((spec) => ("formFields" in spec ? [genericDataSourceFormSchema(spec.dataSourceType)] : []));

export const dataSourceFormSchema = z.union([hologresDataSourceFormSchema, maxComputeDataSourceFormSchema, ...genericFormSchemas]) as unknown as z.ZodType<DataSourceForm, unknown>;
export type DataSourceForm = z.infer<typeof hologresDataSourceFormSchema> | z.infer<typeof maxComputeDataSourceFormSchema> | GenericDataSourceForm;

export function formSchemaFor(type: DataSourceTypeName): z.ZodType<DataSourceForm, unknown> {
  if (genericFormFields(type)) return genericDataSourceFormSchema(type) as unknown as z.ZodType<DataSourceForm, unknown>;
  return (type === "holo" ? hologresDataSourceFormSchema : maxComputeDataSourceFormSchema) as unknown as z.ZodType<DataSourceForm, unknown>;
}

/** Secrets live apart from the settings: these are the names per type. */
export const secretFieldsByType = Object.fromEntries(
  connectorSpecs.map((spec) => [
    spec.dataSourceType,
    "formFields" in spec ? spec.formFields.filter((field) => field.secret).map((field) => field.name) : spec.dataSourceType === "holo" ? ["accessKeySecret", "password"] : ["accessKeySecret"],
  ]),
) as unknown as Record<DataSourceTypeName, readonly string[]>;

/** Settings stored in the clear (everything but the secrets and the common fields). */
export type HologresSettings =
  | {
      connectionMode: "instance";
      region: string;
      instanceId: string;
      endpointOverride: string;
      database: string;
      accessKeyId: string;
    }
  | {
      connectionMode: "connection_string";
      host: string;
      port: number;
      database: string;
      user: string;
      ssl: boolean;
    };

/** Settings of a registry-drawn type: its non-secret form fields. */
export type GenericSettings = { connectionMode: "connection_string" } & Record<string, string | number | boolean>;

export type MaxComputeSettings = {
  endpoint: string;
  tunnelEndpoint: string;
  project: string;
  accessKeyId: string;
};

/** Hologres instance endpoints follow <instance-id>-<region>.hologres.aliyuncs.com:80. */
export function hologresInstanceEndpoint(settings: { region: string; instanceId: string; endpointOverride?: string }) {
  const text = settings.endpointOverride?.trim() || `${settings.instanceId}-${settings.region}.hologres.aliyuncs.com:80`;
  const [host, port] = text.split(":");
  return { host, port: port ? Number(port) : 80 };
}

/**
 * The fields a stored secret is bound to, per type and mode: where it is sent (host, port,
 * endpoints) and for whom (database, user, project, AccessKey ID). A blank secret field
 * keeps the stored secret only while all of them are as they were saved.
 */
type BindingField = { label: string; destination: boolean; value: (settings: Record<string, unknown>) => string };

const plain = (name: string) => (settings: Record<string, unknown>) => String(settings[name] ?? "").trim();
const hostName = (name: string) => (settings: Record<string, unknown>) => plain(name)(settings).toLowerCase();
const url = (name: string) => (settings: Record<string, unknown>) => plain(name)(settings).replace(/\/+$/, "");

function bindingFields(type: DataSourceTypeName, connectionMode: string | undefined): BindingField[] {
  const generic = genericFormFields(type);
  if (generic) {
    return generic
      .filter((field) => field.bindsSecret)
      .map((field) => ({ label: field.label.replace(/ Name$/, "").toLowerCase(), destination: field.bindsSecret === "destination", value: field.name === "host" ? hostName(field.name) : plain(field.name) }));
  }
  if (type === "odps") {
    return [
      { label: "ODPS endpoint", destination: true, value: url("endpoint") },
      { label: "Tunnel endpoint", destination: true, value: url("tunnelEndpoint") },
      { label: "project", destination: false, value: plain("project") },
      { label: "AccessKey ID", destination: false, value: plain("accessKeyId") },
    ];
  }
  if (connectionMode === "instance") {
    const endpoint = (settings: Record<string, unknown>) => {
      const { host, port } = hologresInstanceEndpoint({
        region: plain("region")(settings),
        instanceId: plain("instanceId")(settings),
        endpointOverride: plain("endpointOverride")(settings),
      });
      return `${host.toLowerCase()}:${port}`;
    };
    return [
      { label: "region", destination: true, value: plain("region") },
      { label: "instance ID", destination: true, value: plain("instanceId") },
      { label: "endpoint", destination: true, value: endpoint },
      { label: "database", destination: false, value: plain("database") },
      { label: "AccessKey ID", destination: false, value: plain("accessKeyId") },
    ];
  }
  return [
    { label: "host", destination: true, value: hostName("host") },
    { label: "port", destination: true, value: plain("port") },
    { label: "database", destination: false, value: plain("database") },
    { label: "user", destination: false, value: plain("user") },
  ];
}

/** The secret field of one environment's connection, and what the form calls it. */
export function secretFieldOf(type: DataSourceTypeName, connectionMode: string | undefined) {
  return (type === "holo" && connectionMode === "connection_string") || genericFormFields(type)
    ? { field: "password" as const, label: "password" }
    : { field: "accessKeySecret" as const, label: "AccessKey secret" };
}

const listed = (words: string[]) => (words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`);

/**
 * Whether keeping a stored secret would take it somewhere it was not saved for: the
 * binding fields that differ between the settings it was saved with (`saved`) and the
 * form's (`current`), and the message the secret field shows. Null when nothing changed.
 */
export function secretBindingChange(input: {
  type: DataSourceTypeName;
  connectionMode?: string;
  saved: Record<string, unknown>;
  current: Record<string, unknown>;
}): { changed: string[]; message: string } | null {
  const fields = bindingFields(input.type, input.connectionMode);
  const changedFields = fields.filter((field) => field.value(input.saved) !== field.value(input.current));
  if (changedFields.length === 0) return null;
  const changed = listed(changedFields.map((field) => field.label));
  const secret = secretFieldOf(input.type, input.connectionMode).label;
  const use = changedFields.some((field) => field.destination) ? "sent to" : "used with";
  return {
    changed: changedFields.map((field) => field.label),
    message: `You changed the ${changed}; type the ${secret} again: a stored ${secret} is only ${use} the ${changed} it was saved for.`,
  };
}

export const dataSourceListFilterSchema = z.object({
  q: z.string().trim().max(64).optional().catch(undefined),
  type: z.enum(dataSourceTypes).optional().catch(undefined),
});
