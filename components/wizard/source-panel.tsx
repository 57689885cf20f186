"use client";
import { useState } from "react";
import { partitionLevelError } from "@/lib/schemas/sync-node";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { ConnectionSelect } from "./connection-select";
import { PreviewModal } from "./preview-modal";
import { SearchableSelect } from "./searchable-select";
import type { UpdateDraft } from "./wizard-types";
import { useSourcePartitions } from "./queries/use-source-partitions";
import { useSourceTable } from "./queries/use-source-table";
import { useSourceTables } from "./queries/use-source-tables";

/** Builds the reader's partition filter from the per-level inputs, in table order. */
export function partitionFilterOf(draft: NodeDraft, partitionColumns: string[]): string {
  return partitionColumns.map((column) => `${column}=${draft.reader.partitionLevels[column.toLowerCase()] || "*"}`).join(",");
}

export function SourcePanel({
  draft,
  update,
  dataSources,
  nodeArguments,
}: {
  draft: NodeDraft;
  update: UpdateDraft;
  dataSources: string[];
  nodeArguments: string;
}) {
  const { datasource, table } = draft.reader;
  const tables = useSourceTables(datasource);
  const schema = useSourceTable(datasource, table);
  const partitionColumns = schema.data?.partitionColumns.map((c) => c.name) ?? [];
  const filter = partitionFilterOf(draft, partitionColumns);
  // Each box takes one value, pattern or parameter for its own level (Save refuses more).
  const levelErrors = Object.fromEntries(
    partitionColumns.map((column) => [column, partitionLevelError(column, draft.reader.partitionLevels[column.toLowerCase()] ?? "")]),
  );
  const levelsValid = Object.values(levelErrors).every((error) => !error);
  const partitions = useSourcePartitions(datasource, table, filter, nodeArguments, partitionColumns.length > 0 && levelsValid);
  const [previewOpen, setPreviewOpen] = useState(false);

  return (
    <section aria-labelledby="source-heading" className="rounded-lg border border-slate-200 bg-white">
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
        <h2 id="source-heading" className="text-sm font-semibold">
          Source
        </h2>
        <Badge tone="amber">ODPS</Badge>
      </header>
      <div className="space-y-4 p-4">
        <ConnectionSelect
          side="Source"
          typeLabel="ODPS"
          value={datasource}
          dataSources={dataSources}
          newHref="/data-sources/new/odps"
          onChange={(name) =>
            update((d) => {
              d.reader.datasource = name;
              d.reader.table = "";
              d.reader.partitionLevels = {};
            })
          }
        />
        <Field compact label="Table" htmlFor="source-table" required errors={schema.error ? [schema.error.message] : undefined}>
          <SearchableSelect
            id="source-table"
            label="Source table"
            value={table}
            disabled={!datasource}
            placeholder={datasource ? "Search tables" : "Choose the connection first"}
            loading={tables.isLoading}
            error={tables.error?.message}
            options={(tables.data ?? []).map((t) => ({ value: t.name, hint: t.comment }))}
            onChange={(value) =>
              update((d) => {
                d.reader.table = value;
                d.reader.partitionLevels = {};
                d.reader.extraFields = [];
                d.mappings = [];
              })
            }
          />
        </Field>
        {schema.data && partitionColumns.length > 0 && (
          <Field compact label="Partition Key Column" required hint="A value, a variable such as ${bizdate}, a prefix with * (202611*), or * for all.">
            <div className="space-y-2">
              {partitionColumns.map((column, index) => (
                <div key={column}>
                  <div className="flex items-center gap-2">
                    <label htmlFor={`source-partition-${column}`} className="w-24 shrink-0 truncate font-mono text-xs text-slate-600">
                      {column} =
                    </label>
                    <TextInput
                      id={`source-partition-${column}`}
                      aria-label={`Partition ${column}`}
                      value={draft.reader.partitionLevels[column.toLowerCase()] ?? ""}
                      placeholder={index === 0 ? "${bizdate}" : "*"}
                      invalid={Boolean(levelErrors[column])}
                      onChange={(event) => update((d) => void (d.reader.partitionLevels[column.toLowerCase()] = event.target.value))}
                    />
                  </div>
                  {levelErrors[column] && (
                    <p id={`source-partition-${column}-error`} role="alert" className="mt-1 pl-26 text-xs text-red-600">
                      {levelErrors[column]}
                    </p>
                  )}
                </div>
              ))}
              <div className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600" aria-live="polite" data-testid="matched-partitions">
                {!levelsValid ? (
                  "Fix the partition boxes to see which partitions they match."
                ) : partitions.isLoading ? (
                  "Looking for matching partitions…"
                ) : partitions.error ? (
                  <span className="text-red-600">{partitions.error.message}</span>
                ) : partitions.data ? (
                  partitions.data.partitions.length ? (
                    <>
                      <p className="mb-1">
                        Today{partitions.data.bizdate ? ` (bizdate ${partitions.data.bizdate})` : ""} this matches{" "}
                        <strong>{partitions.data.partitions.length}</strong> partition{partitions.data.partitions.length === 1 ? "" : "s"}:
                      </p>
                      <ul className="flex flex-wrap gap-1">
                        {partitions.data.partitions.slice(0, 12).map((p) => (
                          <li key={p} className="rounded bg-white px-1.5 py-0.5 font-mono ring-1 ring-slate-200">
                            {p}
                          </li>
                        ))}
                        {partitions.data.partitions.length > 12 && <li>… and {partitions.data.partitions.length - 12} more</li>}
                      </ul>
                    </>
                  ) : (
                    <span className="text-amber-700">{partitions.data.message}</span>
                  )
                ) : null}
              </div>
            </div>
          </Field>
        )}
        {schema.data && partitionColumns.length === 0 && (
          <Field compact label="Partition Key Column">
            <p className="pt-2 text-sm text-slate-500">None: {table} is not partitioned.</p>
          </Field>
        )}
        <div className="flex items-center justify-between">
          <p className="text-xs text-slate-500">
            {schema.data ? `${schema.data.columns.length} columns${partitionColumns.length ? `, partitioned by ${partitionColumns.join(", ")}` : ""}` : ""}
          </p>
          <Button size="sm" disabled={!schema.data} onClick={() => setPreviewOpen(true)}>
            Preview
          </Button>
        </div>
      </div>
      {previewOpen && (
        <PreviewModal datasource={datasource} table={table} filter={partitionColumns.length ? filter : ""} nodeArguments={nodeArguments} onClose={() => setPreviewOpen(false)} />
      )}
    </section>
  );
}
