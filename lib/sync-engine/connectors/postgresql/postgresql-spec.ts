import { rdbmsReaderParameterSchema } from "../../rdbms/rdbms-reader-parameter";
import { connectionStringFormFields } from "../../rdbms/connection-form-fields";
import type { ConnectorSpec, ParameterSchemaHelpers } from "../connector-spec";

// Hologres speaks PostgreSQL's protocol, so this reader also reads a Hologres table back
// (DataWorks offers Hologres as a source): it takes `holo` data sources too.
export const postgresqlSpec = {
  dataSourceType: "postgresql",
  label: "PostgreSQL",
  group: "Relational Database",
  reader: {
    stepType: "postgresql",
    dataSourceTypes: ["postgresql", "holo"],
    parameterSchema: (helpers: ParameterSchemaHelpers) => rdbmsReaderParameterSchema(helpers, "PostgreSQL or Hologres"),
  },
  capabilities: {},
  formFields: connectionStringFormFields(5432),
} as const satisfies ConnectorSpec;
