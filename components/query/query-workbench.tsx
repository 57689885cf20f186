"use client";
import { useCallback, useMemo, useState } from "react";
import type { QueryTable } from "@/lib/data/query";
import { queryByteLimitText, queryLimits } from "@/lib/schemas/query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectInput } from "@/components/ui/field";
import { SqlEditor } from "./sql-editor";
import { useQueryTables } from "./use-query-tables";
import { useRunQuery } from "./use-run-query";

const qualified = (table: { schema: string; table: string }) => `${table.schema}.${table.table}`;

function TableList({ tables, onPick }: { tables: QueryTable[]; onPick: (name: string) => void }) {
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (tables.length === 0) return <p className="px-2 py-3 text-xs text-slate-500">No tables in this database yet.</p>;
  return (
    <ul className="space-y-0.5 text-sm" aria-label="Tables">
      {tables.map((table) => {
        const name = qualified(table);
        const expanded = open[name] ?? false;
        return (
          <li key={name}>
            <div className="group flex items-center gap-1">
              {table.kind === "partitioned" ? (
                <button
                  type="button"
                  className="w-4 text-xs text-slate-400 hover:text-slate-700"
                  aria-label={`${expanded ? "Collapse" : "Expand"} ${name}`}
                  aria-expanded={expanded}
                  onClick={() => setOpen({ ...open, [name]: !expanded })}
                >
                  {expanded ? "▾" : "▸"}
                </button>
              ) : (
                <span className="w-4" />
              )}
              <button
                type="button"
                onClick={() => onPick(name)}
                title={`SELECT * FROM ${name}`}
                className="min-w-0 flex-1 break-all rounded px-1 py-0.5 text-left font-mono text-xs text-slate-700 hover:bg-brand-50 hover:text-brand-700"
              >
                {name}
              </button>
              {table.kind === "partitioned" && (
                <Badge tone="violet" title={`${table.children.length} child table(s)`}>
                  {table.children.length} {table.children.length === 1 ? "partition" : "partitions"}
                </Badge>
              )}
            </div>
            {table.kind === "partitioned" && expanded && (
              <ul className="ml-5 border-l border-slate-200 pl-2" aria-label={`Child tables of ${name}`}>
                {table.children.length === 0 && <li className="py-0.5 text-xs text-slate-400">no child tables yet</li>}
                {table.children.map((child) => (
                  <li key={qualified(child)}>
                    <button
                      type="button"
                      onClick={() => onPick(qualified(child))}
                      className="w-full break-all rounded px-1 py-0.5 text-left font-mono text-xs text-slate-600 hover:bg-brand-50 hover:text-brand-700"
                    >
                      {qualified(child)} <span className="text-slate-400">= {child.values.join(", ")}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function truncationNote(reason: "rows" | "bytes", rowCount: number): string {
  return reason === "rows"
    ? `Showing the first ${queryLimits.maxRows.toLocaleString("en-US")} rows: the statement returned more.`
    : `Showing the first ${rowCount.toLocaleString("en-US")} rows: the result passed the ${queryByteLimitText} limit.`;
}

/** The Query page: a Hologres data source, its tables, an SQL editor and the result. */
export function QueryWorkbench({ dataSources }: { dataSources: { id: string; name: string }[] }) {
  const [dataSourceId, setDataSourceId] = useState(dataSources[0]?.id ?? "");
  const [sql, setSql] = useState("SELECT 1 AS answer");
  const tables = useQueryTables(dataSourceId);
  const run = useRunQuery();
  const tableNames = useMemo(
    () => (tables.data ?? []).flatMap((table) => [qualified(table), ...table.children.map(qualified)]),
    [tables.data],
  );
  const { mutate, isPending } = run;
  const execute = useCallback(() => {
    if (dataSourceId && !isPending) mutate({ dataSourceId, sql });
  }, [dataSourceId, sql, mutate, isPending]);

  return (
    <div className="grid min-h-0 grid-cols-[320px_1fr] gap-4">
      <aside className="rounded-lg border border-slate-200 bg-white p-3">
        <label htmlFor="query-data-source" className="mb-1 block text-xs font-semibold uppercase tracking-wide text-slate-500">
          Hologres data source
        </label>
        <SelectInput
          id="query-data-source"
          value={dataSourceId}
          onChange={(e) => {
            setDataSourceId(e.target.value);
            run.reset();
          }}
        >
          {dataSources.map((source) => (
            <option key={source.id} value={source.id}>
              {source.name}
            </option>
          ))}
        </SelectInput>
        <div className="mt-4 flex items-center justify-between">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Tables</p>
          <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => void tables.refetch()}>
            Refresh
          </button>
        </div>
        <div className="mt-1 max-h-[60vh] overflow-y-auto">
          {tables.isLoading && <p className="px-2 py-3 text-xs text-slate-500">Loading tables…</p>}
          {tables.error && <p role="alert" className="px-2 py-3 text-xs text-red-600">{tables.error.message}</p>}
          {tables.data && <TableList tables={tables.data} onPick={(name) => setSql(`SELECT * FROM ${name} LIMIT 100`)} />}
        </div>
      </aside>

      <div className="min-w-0 space-y-3">
        <SqlEditor value={sql} onChange={setSql} onRun={execute} tableNames={tableNames} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-xs text-slate-500">
            Read-only: one SELECT, WITH, VALUES, TABLE, SHOW or EXPLAIN runs in a READ ONLY transaction with a {queryLimits.statementTimeoutSeconds} s statement
            timeout; at most {queryLimits.maxRows.toLocaleString("en-US")} rows and {queryByteLimitText} are shown. Anything else is refused, and so are calls of
            functions that reach beyond the tables (server files, other sessions, settings, large objects, dblink, sleeps).
          </p>
          <Button variant="primary" onClick={execute} disabled={!dataSourceId || isPending} title="Ctrl+Enter">
            {isPending ? "Running…" : "Run"}
          </Button>
        </div>

        {run.error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {run.error.message}
          </p>
        )}
        {run.data && (
          <section aria-label="Result" className="rounded-lg border border-slate-200 bg-white">
            <p className="border-b border-slate-200 px-3 py-2 text-xs text-slate-500" role="status">
              {run.data.rowCount.toLocaleString("en-US")} row{run.data.rowCount === 1 ? "" : "s"} in {run.data.elapsedMs} ms
              {run.data.truncated && <span className="ml-2 text-amber-700">· {truncationNote(run.data.truncated, run.data.rowCount)}</span>}
            </p>
            <div className="max-h-[55vh] overflow-auto">
              <table className="w-full text-xs" aria-label="Query result">
                <thead className="sticky top-0 bg-slate-50 text-left">
                  <tr>
                    {run.data.columns.map((column, index) => (
                      <th key={`${column.name}-${index}`} className="whitespace-nowrap border-b border-slate-200 px-3 py-1.5">
                        <span className="font-semibold text-slate-800">{column.name}</span>
                        <span className="ml-1 font-normal text-slate-400">{column.type}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 font-mono">
                  {run.data.rows.map((row, rowIndex) => (
                    <tr key={rowIndex} className="hover:bg-slate-50">
                      {row.map((value, index) => (
                        <td key={index} className="max-w-[320px] truncate whitespace-nowrap px-3 py-1 text-slate-700" title={value ?? "NULL"}>
                          {value === null ? <span className="text-slate-400">NULL</span> : value}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
