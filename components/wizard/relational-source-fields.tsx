"use client";
import { useState } from "react";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { Modal } from "@/components/ui/modal";
import { Button } from "@/components/ui/button";
import { Field, SelectInput, TextArea, TextInput } from "@/components/ui/field";
import { SearchableSelect } from "./searchable-select";
import type { UpdateDraft } from "./wizard-types";
import { useConnectorPreview, useConnectorTable, useConnectorTables } from "./queries/use-connector-catalog";
import { PreviewRowsTable } from "./preview-rows-table";

/**
 * The source fields of DataX's relational readers (MySQL, PostgreSQL): table, where,
 * splitPk, or querySql instead of the table; Preview shows the first rows of either.
 */
export function RelationalSourceFields({ draft, update, catalogType, nodeArguments }: { draft: NodeDraft; update: UpdateDraft; catalogType: string; nodeArguments: string }) {
  const { datasource, table, where, splitPk, querySql } = draft.reader;
  const queryMode = querySql.trim() !== "";
  const tables = useConnectorTables(catalogType, datasource);
  const schema = useConnectorTable(catalogType, datasource, queryMode ? "" : table);
  const [previewOpen, setPreviewOpen] = useState(false);

  return (
    <>
      <Field compact label="Table" htmlFor="source-table" required={!queryMode} errors={schema.error ? [schema.error.message] : undefined}>
        <SearchableSelect
          id="source-table"
          label="Source table"
          value={table}
          disabled={!datasource || queryMode}
          placeholder={queryMode ? "querySql reads its own tables" : datasource ? "Search tables" : "Choose the connection first"}
          loading={tables.isLoading}
          error={tables.error?.message}
          options={(tables.data ?? []).map((t) => ({ value: t.name, hint: t.comment }))}
          onChange={(value) =>
            update((d) => {
              d.reader.table = value;
              d.reader.splitPk = "";
              d.mappings = [];
            })
          }
        />
      </Field>
      <Field compact label="Filter (where)" htmlFor="source-where" hint="A condition without WHERE; scheduling parameters allowed: gmt_modified >= '${bizdate}'.">
        <TextInput
          id="source-where"
          value={where}
          disabled={queryMode}
          placeholder="gmt_modified >= '${bizdate}'"
          onChange={(event) => update((d) => void (d.reader.where = event.target.value))}
        />
      </Field>
      <Field compact label="Shard key (splitPk)" htmlFor="source-split-pk" hint="An integer column, normally the primary key: its range is split across the channels.">
        <SelectInput id="source-split-pk" value={splitPk} disabled={queryMode || !schema.data} onChange={(event) => update((d) => void (d.reader.splitPk = event.target.value))}>
          <option value="">None: one channel reads the table</option>
          {(schema.data?.splitKeys ?? []).map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field compact label="querySql" htmlFor="source-query-sql" hint="Instead of the table: a SELECT read as written by one channel (where and splitPk do not apply).">
        <TextArea
          id="source-query-sql"
          rows={3}
          className="font-mono text-xs"
          value={querySql}
          placeholder="SELECT id, amount FROM orders WHERE ..."
          onChange={(event) =>
            update((d) => {
              d.reader.querySql = event.target.value;
              if (event.target.value.trim()) {
                d.reader.where = "";
                d.reader.splitPk = "";
              }
            })
          }
        />
      </Field>
      <div className="flex items-center justify-between">
        <p className="text-xs text-slate-500">{schema.data && !queryMode ? `${schema.data.columns.length} columns` : ""}</p>
        <Button size="sm" disabled={!datasource || !(queryMode || table)} onClick={() => setPreviewOpen(true)}>
          Preview
        </Button>
      </div>
      {previewOpen && <RelationalPreview catalogType={catalogType} draft={draft} nodeArguments={nodeArguments} onClose={() => setPreviewOpen(false)} />}
    </>
  );
}

function RelationalPreview({ catalogType, draft, nodeArguments, onClose }: { catalogType: string; draft: NodeDraft; nodeArguments: string; onClose: () => void }) {
  const { datasource, table, where, querySql } = draft.reader;
  const preview = useConnectorPreview({ type: catalogType, datasource, table, where, querySql, nodeArguments, enabled: true });
  return (
    <Modal open title={`Preview ${querySql.trim() ? "querySql" : table}`} onClose={onClose} width="max-w-6xl">
      {preview.isLoading && <p className="text-sm text-slate-500">Reading the first rows…</p>}
      {preview.error && (
        <p role="alert" className="text-sm text-red-600">
          {preview.error.message}
        </p>
      )}
      {preview.data && <PreviewRowsTable columns={preview.data.columns.map((column) => ({ name: column.name, typeLabel: column.nativeType ?? column.type }))} rows={preview.data.rows} emptyText="No rows match." />}
    </Modal>
  );
}
