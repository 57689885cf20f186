import type { DataSourceConfig } from "@/lib/sync-engine/connectors";
import { hologresInstanceEndpoint, type GenericDataSourceTypeName, type GenericSettings, type HologresSettings, type MaxComputeSettings } from "@/lib/schemas/data-source";

/** A data source as the engine takes it: plain settings with the secrets opened. */
export type EngineDataSource = DataSourceConfig;

/** A stored data source with its secrets opened, before it becomes the engine's configuration. */
export type EngineSourceInput =
  | { type: "odps"; settings: MaxComputeSettings; secrets: Record<string, string> }
  | { type: "holo"; settings: HologresSettings; secrets: Record<string, string> }
  | { type: GenericDataSourceTypeName; settings: GenericSettings; secrets: Record<string, string> };

export function toEngineDataSource(source: EngineSourceInput): EngineDataSource {
  if (source.type !== "odps" && source.type !== "holo") {
    // Registry-drawn types: the settings as stored plus the opened secrets; the connector's schema checks them.
    const { connectionMode: _mode, ...settings } = source.settings;
    void _mode;
    return { type: source.type, config: { ...settings, ...source.secrets } } as EngineDataSource;
  }
  if (source.type === "odps") {
    return {
      type: "odps",
      config: {
        endpoint: source.settings.endpoint,
        tunnelEndpoint: source.settings.tunnelEndpoint || undefined,
        project: source.settings.project,
        accessKeyId: source.settings.accessKeyId,
        accessKeySecret: source.secrets.accessKeySecret ?? "",
      },
    };
  }
  const settings = source.settings;
  if (settings.connectionMode === "instance") {
    const { host, port } = hologresInstanceEndpoint(settings);
    // In instance mode Hologres takes the AccessKey pair as user and password.
    return {
      type: "holo",
      config: {
        host,
        port,
        database: settings.database,
        user: settings.accessKeyId,
        password: source.secrets.accessKeySecret ?? "",
        ssl: false,
      },
    };
  }
  return {
    type: "holo",
    config: {
      host: settings.host,
      port: settings.port,
      database: settings.database,
      user: settings.user,
      password: source.secrets.password ?? "",
      ssl: settings.ssl,
    },
  };
}
