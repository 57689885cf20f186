"use client";
import { Modal } from "@/components/ui/modal";
import { useSourcePartitions } from "./queries/use-source-partitions";
import { useSourcePreview } from "./queries/use-source-preview";
import { PreviewRowsTable } from "./preview-rows-table";

/** The first rows of the source, with column names and types, as DataWorks' Preview shows them. */
export function PreviewModal({
  datasource,
  table,
  filter,
  nodeArguments,
  onClose,
}: {
  datasource: string;
  table: string;
  filter: string;
  nodeArguments: string;
  onClose: () => void;
}) {
  // Variables in the partition inputs are resolved as a run today would resolve them.
  const resolved = useSourcePartitions(datasource, table, filter, nodeArguments, Boolean(filter));
  const resolvedFilter = filter ? resolved.data?.filter ?? "" : "";
  const preview = useSourcePreview(datasource, table, resolvedFilter, !filter || Boolean(resolved.data && resolved.data.partitions.length));
  const noPartition = Boolean(filter && resolved.data && resolved.data.partitions.length === 0);
  return (
    <Modal open title={`Preview ${table}`} onClose={onClose} width="max-w-6xl">
      {filter && resolved.data && (
        <p className="mb-2 text-xs text-slate-500">
          Partition filter today: <code className="rounded bg-slate-100 px-1">{resolved.data.filter}</code>
        </p>
      )}
      {noPartition && <p className="text-sm text-amber-700">{resolved.data?.message}</p>}
      {(preview.isLoading || resolved.isLoading) && <p className="text-sm text-slate-500">Reading the first rows…</p>}
      {preview.error && <p role="alert" className="text-sm text-red-600">{preview.error.message}</p>}
      {preview.data && <PreviewRowsTable columns={preview.data.columns.map((column) => ({ name: column.name, typeLabel: `${column.type}${column.partition ? " · partition" : ""}` }))} rows={preview.data.rows} emptyText="The table has no rows." />}
    </Modal>
  );
}
