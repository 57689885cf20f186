export {
  startLocalMaxCompute,
  DEFAULT_DATA_DIR,
  type LocalMaxComputeOptions,
  type LocalMaxComputeService,
} from "./local-maxcompute-server";
export {
  LocalMaxComputeCatalog,
  LocalCatalogError,
  type LocalColumn,
  type LocalTable,
  type LocalPartition,
} from "./local-maxcompute-catalog";
export {
  ensureDemoTables,
  generateBankDataRows,
  iterateBankDataRows,
  bankDataRow,
  BANK_DATA_COLUMNS,
  BANK_DATA_DDL,
  ODPS_TABLE_DDL,
  type BankDataRow,
  type DemoTablesReport,
} from "./demo-tables";
export { TunnelRecordEncoder } from "./tunnel-record-encoder";
