"use client";
import { readerCatalogType } from "@/lib/sync-engine/connectors/connector-specs";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { useConnectorPreview, useConnectorTable } from "./use-connector-catalog";
import { useSourceTable } from "./use-source-table";
import type { SourceColumn } from "./catalog-types";

type ReaderColumns = { data: { columns: SourceColumn[]; partitionColumns: SourceColumn[] } | undefined; isLoading: boolean; error: Error | null };

/**
 * The source fields the Mappings step offers, whatever the reader: a MaxCompute table's
 * columns and partition columns, a relational table's columns, or a querySql's result columns.
 */
export function useReaderColumns(draft: NodeDraft): ReaderColumns {
  const { stepType, datasource, table, querySql } = draft.reader;
  const odps = stepType === "odps";
  // The reader's connector browses its data sources (the PostgreSQL catalog reads Hologres too).
  const catalogType = readerCatalogType(stepType);
  const queryMode = !odps && querySql.trim() !== "";
  const odpsTable = useSourceTable(odps ? datasource : "", odps ? table : "");
  const relational = useConnectorTable(odps || queryMode ? "" : catalogType, datasource, table);
  const query = useConnectorPreview({ type: catalogType, datasource, table: "", where: "", querySql, nodeArguments: "", enabled: queryMode });
  if (odps) return odpsTable;
  if (queryMode) {
    return {
      data: query.data ? { columns: query.data.columns.map((c) => ({ name: c.name, type: c.type, nativeType: c.nativeType, comment: "" })), partitionColumns: [] } : undefined,
      isLoading: query.isLoading,
      error: query.error,
    };
  }
  return relational;
}
