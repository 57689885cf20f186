import type { RdbmsReaderParameter } from "../../rdbms/rdbms-reader-parameter";
import type { Connector } from "../connector";
import { postgresqlCatalog } from "./postgresql-catalog";
import { connectPostgresql, postgresqlConfigSchema, type PostgresqlConfig } from "./postgresql-config";
import { createPostgresqlReader } from "./postgresql-reader";
import { postgresqlSpec } from "./postgresql-spec";
import { postgresqlTypeToNeutral } from "./postgresql-type-system";

export const postgresqlConnector: Connector<PostgresqlConfig> = {
  spec: postgresqlSpec,
  parseConfig: (config) => postgresqlConfigSchema.parse(config),
  createReader: ({ parameter, config, columns }) => createPostgresqlReader({ config, parameter: parameter as RdbmsReaderParameter, columns }),
  toNeutralType: (nativeType) => postgresqlTypeToNeutral(nativeType),
  async testConnection(config) {
    try {
      const client = await connectPostgresql(config);
      try {
        const { rows } = await client.query<{ v: string }>("SELECT version() AS v");
        return { ok: true, message: `Connected to ${/PostgreSQL\s+[\d.]+/.exec(rows[0]!.v)?.[0] ?? rows[0]!.v}.`, warning: null };
      } finally {
        await client.end().catch(() => {});
      }
    } catch (error) {
      return { ok: false, message: (error as Error).message, warning: null };
    }
  },
  catalog: postgresqlCatalog,
};
