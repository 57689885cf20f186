import { z } from "zod";
import { description, httpUrl, objectName, requiredText } from "./common";

export const environments = ["development", "production"] as const;
export type EnvironmentName = (typeof environments)[number];
export const environmentLabels: Record<EnvironmentName, string> = {
  development: "Development",
  production: "Production",
};

export const dataSourceTypes = ["odps", "holo"] as const;
export type DataSourceTypeName = (typeof dataSourceTypes)[number];
export const dataSourceTypeLabels: Record<DataSourceTypeName, string> = {
  odps: "MaxCompute (ODPS)",
  holo: "Hologres",
};

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

/** The names of the fields that make up one environment's connection, per type and mode. */
export function connectionFieldNames(type: DataSourceTypeName, connectionMode?: string): string[] {
  if (type === "odps") return Object.keys(maxComputeConnection);
  return Object.keys(connectionMode === "instance" ? hologresInstanceConnection : hologresStringConnection);
}

export const dataSourceFormSchema = z.union([hologresDataSourceFormSchema, maxComputeDataSourceFormSchema]);
export type DataSourceForm = z.infer<typeof dataSourceFormSchema>;

export function formSchemaFor(type: DataSourceTypeName) {
  return type === "holo" ? hologresDataSourceFormSchema : maxComputeDataSourceFormSchema;
}

/** Secrets live apart from the settings: these are the names per type. */
export const secretFieldsByType = {
  holo: ["accessKeySecret", "password"],
  odps: ["accessKeySecret"],
} as const satisfies Record<DataSourceTypeName, readonly string[]>;

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
  return type === "holo" && connectionMode === "connection_string"
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
