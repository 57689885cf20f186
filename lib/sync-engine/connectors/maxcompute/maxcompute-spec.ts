import type { ConnectorSpec } from "../connector-spec";
import { odpsReaderParameterSchema } from "./odps-reader-parameter";

export const maxComputeSpec = {
  dataSourceType: "odps",
  label: "MaxCompute (ODPS)",
  group: "Big Data Storage",
  reader: { stepType: "odps", dataSourceTypes: ["odps"], parameterSchema: odpsReaderParameterSchema },
  capabilities: { emitsCopyText: true },
} as const satisfies ConnectorSpec;
