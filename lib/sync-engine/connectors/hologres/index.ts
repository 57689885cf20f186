export type { HologresConfig, ServerFlavour, ServerInfo } from "./hologres-config";
export { connectHologres, detectServer } from "./hologres-config";
export { testHologresConnection, type HologresConnectionTestResult } from "./connection-test";
export {
  listHologresTables,
  describeHologresTable,
  listTables,
  describeTable,
  findOrCreatePartitionChild,
  type HologresColumn,
  type HologresTableInfo,
  type HologresTableListing,
} from "./catalog";
export {
  generateCreateTableDdl,
  generateCreateTableDdlFromNeutral,
  type CreateTableDdlOptions,
  type MaxComputeTableSchema,
  type MaxComputeColumnSchema,
  type NeutralColumnSchema,
} from "./create-table-ddl";
export { hologresTypeForNeutral } from "./neutral-type-mapping";
export { mapMaxComputeType, incompatibilityReason } from "./type-mapping";
export { createHologresWriter, type HologresWriterOptions } from "./hologres-writer";
export { CopyTextEncoder, valueToText } from "./copy-text-encoder";
