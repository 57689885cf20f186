"use client";
import { useState } from "react";
import { partitionLevelError } from "@/lib/schemas/sync-node";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, SelectInput, TextInput } from "@/components/ui/field";
import type { DataSourceRef } from "@/lib/job-spec-data-sources";
import { sourceTypeChoices, type SourceTypeChoice } from "@/lib/sync-engine/connectors/connector-specs";
import { RelationalSourceFields } from "./relational-source-fields";
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

const shortLabel = (choice: SourceTypeChoice | undefined) => (!choice ? "" : choice.dataSourceType === "odps" ? "ODPS" : choice.label);

export function SourcePanel({
  draft,
  update,
  dataSources,
  nodeArguments,
}: {
  draft: NodeDraft;
  update: UpdateDraft;
  /** Every data source of the workspace: the reader chosen says which types it takes. */
  dataSources: DataSourceRef[];
  nodeArguments: string;
}) {
  const { datasource, table, stepType } = draft.reader;
  const odps = stepType === "odps";
  // The source type is a data source type (Hologres and PostgreSQL share the PostgreSQL
  // reader): the chosen connection's type, else what the user picked, else the reader's own.
  const [pickedType, setPickedType] = useState<string | null>(null);
  const connectionType = dataSources.find((source) => source.name === datasource)?.type;
  const choice =
    sourceTypeChoices.find((c) => c.dataSourceType === connectionType && c.stepType === stepType) ??
    sourceTypeChoices.find((c) => c.dataSourceType === pickedType && c.stepType === stepType) ??
    sourceTypeChoices.find((c) => c.stepType === stepType);
  const names = dataSources.filter((source) => source.type === choice?.dataSourceType).map((source) => source.name);
  const catalogType = choice?.catalogType ?? stepType;
  const tables = useSourceTables(odps ? datasource : "");
  const schema = useSourceTable(odps ? datasource : "", odps ? table : "");
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
        <Badge tone="amber">{shortLabel(choice)}</Badge>
      </header>
      <div className="space-y-4 p-4">
        <Field compact label="Source type" htmlFor="source-type">
          <SelectInput
            id="source-type"
            value={choice?.dataSourceType ?? ""}
            onChange={(event) => {
              const picked = sourceTypeChoices.find((c) => c.dataSourceType === event.target.value)!;
              setPickedType(picked.dataSourceType);
              update((d) => {
                d.reader.stepType = picked.stepType;
                d.reader.datasource = "";
                d.reader.table = "";
                d.reader.partitionLevels = {};
                d.reader.extraFields = [];
                d.reader.where = "";
                d.reader.splitPk = "";
                d.reader.querySql = "";
                d.mappings = [];
              });
            }}
          >
            {sourceTypeChoices.map((option) => (
              <option key={option.dataSourceType} value={option.dataSourceType}>
                {option.label}
              </option>
            ))}
          </SelectInput>
        </Field>
        <ConnectionSelect
          side="Source"
          typeChosenAbove
          typeLabel={shortLabel(choice)}
          value={datasource}
          dataSources={names}
          newHref={`/data-sources/new/${choice?.dataSourceType ?? "odps"}`}
          onChange={(name) =>
            update((d) => {
              d.reader.datasource = name;
              d.reader.table = "";
              d.reader.partitionLevels = {};
              d.reader.splitPk = "";
            })
          }
        />
        {!odps && <RelationalSourceFields draft={draft} update={update} catalogType={catalogType} nodeArguments={nodeArguments} />}
        {odps && (
          <>
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
          </>
        )}
      </div>
      {previewOpen && (
        <PreviewModal datasource={datasource} table={table} filter={partitionColumns.length ? filter : ""} nodeArguments={nodeArguments} onClose={() => setPreviewOpen(false)} />
      )}
    </section>
  );
}
