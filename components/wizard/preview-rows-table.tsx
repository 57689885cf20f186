/** A preview's rows as a table: each column's name over its type, NULL shown as such. */
export function PreviewRowsTable({
  columns,
  rows,
  emptyText,
}: {
  columns: { name: string; typeLabel: string }[];
  rows: (string | null)[][];
  emptyText: string;
}) {
  return (
    <>
      <div className="overflow-auto rounded-md border border-slate-200">
        <table className="min-w-full text-xs" aria-label="Preview rows">
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              {columns.map((column) => (
                <th key={column.name} className="whitespace-nowrap border-b border-slate-200 px-3 py-2 text-left">
                  <span className="block font-semibold text-slate-800">{column.name}</span>
                  <span className="block font-normal text-slate-500">{column.typeLabel}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, index) => (
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
        {rows.length === 0 && <p className="p-4 text-sm text-slate-500">{emptyText}</p>}
      </div>
      <p className="mt-2 text-xs text-slate-500">{rows.length} rows shown (at most 20).</p>
    </>
  );
}
