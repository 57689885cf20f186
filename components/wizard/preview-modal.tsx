"use client";
import { Modal } from "@/components/ui/modal";
import { useSourcePartitions } from "./queries/use-source-partitions";
import { useSourcePreview } from "./queries/use-source-preview";

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
      {preview.data && (
        <div className="overflow-auto rounded-md border border-slate-200">
          <table className="min-w-full text-xs" aria-label="Preview rows">
            <thead className="sticky top-0 bg-slate-50">
              <tr>
                {preview.data.columns.map((column) => (
                  <th key={column.name} className="whitespace-nowrap border-b border-slate-200 px-3 py-2 text-left">
                    <span className="block font-semibold text-slate-800">{column.name}</span>
                    <span className="block font-normal text-slate-500">
                      {column.type}
                      {column.partition ? " · partition" : ""}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.data.rows.map((row, index) => (
                <tr key={index} className="hover:bg-slate-50">
                  {row.map((value, column) => (
                    <td key={column} className="max-w-[240px] truncate whitespace-nowrap px-3 py-1.5 font-mono text-slate-700" title={value ?? "NULL"}>
                      {value === null ? <span className="text-slate-400">NULL</span> : value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.data.rows.length === 0 && <p className="p-4 text-sm text-slate-500">The table has no rows.</p>}
        </div>
      )}
      {preview.data && <p className="mt-2 text-xs text-slate-500">{preview.data.rows.length} rows shown (at most 20).</p>}
    </Modal>
  );
}
