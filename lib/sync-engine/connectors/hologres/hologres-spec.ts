import type { ConnectorSpec } from "../connector-spec";
import { holoWriterParameterSchema } from "./holo-writer-parameter";

export const hologresSpec = {
  dataSourceType: "holo",
  label: "Hologres",
  group: "Big Data Storage",
  writer: { stepType: "holo", dataSourceTypes: ["holo"], parameterSchema: holoWriterParameterSchema },
  capabilities: { acceptsCopyText: true },
} as const satisfies ConnectorSpec;
