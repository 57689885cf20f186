export {
  connectorsByType,
  connectorFor,
  sourceCatalogConnectorFor,
  defaultConnectorRegistry,
  lookupDataSource,
  type ConnectorRegistry,
  type DataSourceConfig,
  type DataSourceType,
  type ReaderFactory,
  type WriterFactory,
} from "./registry";
export type { Connector, ConnectorCatalog, CatalogTable, CatalogPreview, ConnectionTestResult, ReaderColumnExpression } from "./connector";
export type { NeutralColumnType, NeutralKind } from "./neutral-column-type";
export type { SourceReader, TargetWriter, SourceColumn, DirtyRecord, WriterChannel, Split, ReaderPlan, RowValue } from "./connector-types";
