import { rdbmsReaderParameterSchema } from "../../rdbms/rdbms-reader-parameter";
import { connectionStringFormFields } from "../../rdbms/connection-form-fields";
import type { ConnectorSpec, ParameterSchemaHelpers } from "../connector-spec";

export const mysqlSpec = {
  dataSourceType: "mysql",
  label: "MySQL",
  group: "Relational Database",
  reader: { stepType: "mysql", dataSourceTypes: ["mysql"], parameterSchema: (helpers: ParameterSchemaHelpers) => rdbmsReaderParameterSchema(helpers, "MySQL") },
  capabilities: { emitsCopyText: true },
  formFields: connectionStringFormFields(3306),
} as const satisfies ConnectorSpec;
