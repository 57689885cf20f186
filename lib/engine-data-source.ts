import type { DataSourceConfig } from "@/lib/sync-engine/connectors";
import { hologresInstanceEndpoint, type HologresSettings, type MaxComputeSettings } from "@/lib/schemas/data-source";

/** A data source as the engine takes it: plain settings with the secrets opened. */
export type EngineDataSource = DataSourceConfig;

export function toEngineDataSource(
  source:
    | { type: "odps"; settings: MaxComputeSettings; secrets: Record<string, string> }
    | { type: "holo"; settings: HologresSettings; secrets: Record<string, string> },
): EngineDataSource {
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
