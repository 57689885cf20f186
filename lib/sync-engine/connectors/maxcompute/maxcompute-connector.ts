import type { Connector } from "../connector";
import type { NeutralColumnType } from "../neutral-column-type";
import { parseColumnType } from "./column-type";
import { createMaxComputeClient, type MaxComputeConfig } from "./maxcompute-client";
import { MaxComputeError } from "./maxcompute-error";
import { maxComputeSpec } from "./maxcompute-spec";
import { createOdpsReader } from "./odps-reader";
import type { OdpsReaderParameter } from "./odps-reader-parameter";

function toNeutralType(nativeType: string): NeutralColumnType {
  const base = { precision: null, scale: null, nullable: null, nativeType };
  const type = parseColumnType(nativeType);
  switch (type.kind) {
    case "tinyint":
      return { ...base, kind: "integer", precision: 8 };
    case "smallint":
      return { ...base, kind: "integer", precision: 16 };
    case "int":
      return { ...base, kind: "integer", precision: 32 };
    case "bigint":
      return { ...base, kind: "integer", precision: 64 };
    case "float":
      return { ...base, kind: "float", precision: 32 };
    case "double":
      return { ...base, kind: "float", precision: 64 };
    case "decimal":
      return { ...base, kind: "decimal", precision: type.precision, scale: type.scale };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "string":
      return { ...base, kind: "string" };
    case "varchar":
    case "char":
      return { ...base, kind: "string", precision: type.length };
    case "binary":
      return { ...base, kind: "binary" };
    case "date":
      return { ...base, kind: "date" };
    case "datetime":
    case "timestamp":
      return { ...base, kind: "timestamp" };
    case "timestamp_ntz":
      return { ...base, kind: "datetime" };
    case "json":
    case "map":
    case "struct":
      return { ...base, kind: "json" };
    case "array":
      return { ...base, kind: "array" };
    default:
      return { ...base, kind: "unknown" };
  }
}

export const maxComputeConnector: Connector<MaxComputeConfig> = {
  spec: maxComputeSpec,
  parseConfig: (config) => config as MaxComputeConfig,
  createReader: ({ parameter, config, columns }) => createOdpsReader({ config, parameter: parameter as OdpsReaderParameter, columns }),
  toNeutralType,
  async testConnection(config) {
    let client;
    try {
      client = createMaxComputeClient({ ...config, timeoutMs: 10_000 });
      const { project, tableCount } = await client.testConnectivity();
      return { ok: true, message: `Connected to MaxCompute project ${project}: ${tableCount} table${tableCount === 1 ? "" : "s"} visible.`, warning: null };
    } catch (error) {
      if (error instanceof MaxComputeError) return { ok: false, message: error.message, warning: null };
      throw error;
    } finally {
      client?.close();
    }
  },
};
