"use client";
import { useState } from "react";
import { targetPartitionError } from "@/lib/schemas/sync-node";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { ConnectionSelect } from "./connection-select";
import { CreateTableModal } from "./create-table-modal";
import { SearchableSelect } from "./searchable-select";
import type { UpdateDraft } from "./wizard-types";
import { useTargetTable } from "./queries/use-target-table";
import { useTargetTables } from "./queries/use-target-tables";

// The wizard offers Replace and Ignore, as DataWorks does; Update shows when script mode set it.
function conflictModes(current: NodeDraft["writer"]["conflictMode"]): NodeDraft["writer"]["conflictMode"][] {
  return current === "update" ? ["replace", "ignore", "update"] : ["replace", "ignore"];
}

export function TargetPanel({
  draft,
  update,
  dataSources,
  sourceLabel,
  nodeArguments,
}: {
  draft: NodeDraft;
  update: UpdateDraft;
  dataSources: string[];
  sourceLabel: string;
  /** Properties > Arguments: Create Table resolves a querySql's parameters with them, as Preview does. */
  nodeArguments: string;
}) {
  const { datasource, table } = draft.writer;
  // A relational reader's querySql stands in for a table: Create Table describes its result.
  const sourceQuerySql = draft.reader.stepType !== "odps" && !draft.reader.table ? draft.reader.querySql.trim() : "";
  const hasSource = Boolean(draft.reader.table || sourceQuerySql);
  const tables = useTargetTables(datasource);
  const target = useTargetTable(datasource, table);
  const [creating, setCreating] = useState(false);
  const hasPrimaryKey = Boolean(target.data?.primaryKey.length);
  const partitionColumn = target.data?.kind === "partitioned" ? target.data.partitionColumn : null;
  const partitionError = partitionColumn ? targetPartitionError(partitionColumn, draft.writer.partitionValue) : null;
  // Child partitions are written through their parent, so they are not offered.
  const options = (tables.data ?? [])
    .filter((t) => t.kind !== "partition")
    .map((t) => ({ value: t.schema === "public" ? `public.${t.table}` : `${t.schema}.${t.table}`, hint: t.kind === "partitioned" ? "partitioned" : undefined }));

  return (
    <section aria-labelledby="target-heading" className="rounded-lg border border-slate-200 bg-white">
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
        <h2 id="target-heading" className="text-sm font-semibold">
          Target
        </h2>
        <Badge tone="blue">Hologres</Badge>
      </header>
      <div className="space-y-4 p-4">
        <ConnectionSelect
          side="Target"
          typeLabel="Hologres"
          value={datasource}
          dataSources={dataSources}
          newHref="/data-sources/new/holo"
          onChange={(name) =>
            update((d) => {
              d.writer.datasource = name;
              d.writer.table = "";
              d.mappings = [];
            })
          }
        />
        <Field compact label="Table" htmlFor="target-table" required errors={target.error ? [target.error.message] : undefined}>
          <div className="flex gap-2">
            <div className="min-w-0 flex-1">
              <SearchableSelect
                id="target-table"
                label="Target table"
                value={table}
                disabled={!datasource}
                placeholder={datasource ? "Search tables" : "Choose the connection first"}
                loading={tables.isLoading}
                error={tables.error?.message}
                options={options}
                onChange={(value) =>
                  update((d) => {
                    d.writer.table = value;
                    d.writer.partitionValue = "";
                    d.mappings = [];
                  })
                }
              />
            </div>
            <Button
              className="shrink-0"
              disabled={!datasource || !hasSource}
              onClick={() => setCreating(true)}
              title={!hasSource ? (draft.reader.stepType === "odps" ? "Choose the source table first" : "Choose the source table or write a querySql first") : undefined}
            >
              Create Table
            </Button>
          </div>
        </Field>
        {partitionColumn && (
          <Field
            compact
            label="Partition Key Column"
            htmlFor="target-partition"
            required
            hint="The partition to write: a fixed value or a variable. The child table is created when missing."
            errors={partitionError ? [partitionError] : undefined}
          >
            <div className="flex items-center gap-2">
              <span className="w-24 shrink-0 truncate font-mono text-xs text-slate-600">{partitionColumn} =</span>
              <TextInput
                id="target-partition"
                aria-label={`Target partition ${partitionColumn}`}
                placeholder="${bizdate}"
                value={draft.writer.partitionValue}
                invalid={Boolean(partitionError)}
                onChange={(event) => update((d) => void (d.writer.partitionValue = event.target.value))}
              />
            </div>
          </Field>
        )}
        <Field compact label="Write mode" required>
          <div role="radiogroup" aria-label="Write mode" className="flex flex-wrap gap-4 pt-2 text-sm">
            {[
              { value: "sdk", label: "SDK (Fast write)" },
              { value: "sql", label: "SQL (INSERT INTO)" },
            ].map((option) => (
              <label key={option.value} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="write-mode"
                  checked={draft.writer.writeMode === option.value}
                  onChange={() => update((d) => void (d.writer.writeMode = option.value as "sdk" | "sql"))}
                />
                {option.label}
              </label>
            ))}
          </div>
        </Field>
        {hasPrimaryKey && (
          <Field compact label="Write conflict strategy" required hint={`Primary key: ${target.data!.primaryKey.join(", ")}. Replace overwrites the existing row; Ignore keeps it.`}>
            <div role="radiogroup" aria-label="Write conflict strategy" className="flex flex-wrap gap-4 pt-2 text-sm">
              {conflictModes(draft.writer.conflictMode).map((mode) => (
                <label key={mode} className="flex items-center gap-2">
                  <input type="radio" name="conflict-mode" checked={draft.writer.conflictMode === mode} onChange={() => update((d) => void (d.writer.conflictMode = mode))} />
                  {mode[0].toUpperCase() + mode.slice(1)}
                </label>
              ))}
            </div>
          </Field>
        )}
        <Field compact label="Before writing">
          <label className="flex items-center gap-2 pt-2 text-sm">
            <input type="checkbox" checked={draft.writer.truncate} onChange={(event) => update((d) => void (d.writer.truncate = event.target.checked))} />
            Truncate the target {partitionColumn ? "partition" : "table"} first
          </label>
        </Field>
        <Field compact label="Pre-SQL" htmlFor="pre-sql" hint="Runs on the target before any row is written.">
          <TextArea id="pre-sql" rows={2} className="font-mono text-xs" value={draft.writer.preSql} onChange={(event) => update((d) => void (d.writer.preSql = event.target.value))} />
        </Field>
        <Field compact label="Post-SQL" htmlFor="post-sql" hint="Runs on the target after every row is written.">
          <TextArea id="post-sql" rows={2} className="font-mono text-xs" value={draft.writer.postSql} onChange={(event) => update((d) => void (d.writer.postSql = event.target.value))} />
        </Field>
      </div>
      {creating && (
        <CreateTableModal
          sourceStepType={draft.reader.stepType}
          sourceLabel={sourceLabel}
          sourceDatasource={draft.reader.datasource}
          sourceTable={draft.reader.table}
          sourceQuerySql={sourceQuerySql}
          nodeArguments={nodeArguments}
          targetDatasource={datasource}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            update((d) => {
              d.writer.table = name;
              d.writer.partitionValue = "";
              d.mappings = [];
            });
          }}
        />
      )}
    </section>
  );
}
