"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, useTransition } from "react";
import { createTargetTable } from "@/lib/actions/create-target-table";
import { generateCreateTableDdl } from "@/lib/actions/generate-create-table-ddl";
import { Button } from "@/components/ui/button";
import { Field, SelectInput, TextInput } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { catalogKeys } from "./queries/catalog-keys";
import { useSourceTable } from "./queries/use-source-table";
import { useConnectorTable } from "./queries/use-connector-catalog";
import { readerCatalogType } from "@/lib/sync-engine/connectors/connector-specs";
import { CodeEditor } from "@/components/ui/code-editor";

/** Create Table: the generated Hologres DDL in an SQL editor; the user edits it and runs it. */
export function CreateTableModal({
  sourceStepType,
  sourceLabel,
  sourceDatasource,
  sourceTable,
  sourceQuerySql,
  nodeArguments,
  targetDatasource,
  onClose,
  onCreated,
}: {
  /** The reader's stepType: MaxCompute tables have partitions, the others a primary key to keep. */
  sourceStepType: string;
  /** The source's type as the user chose it (MaxCompute, MySQL, PostgreSQL, Hologres). */
  sourceLabel: string;
  sourceDatasource: string;
  sourceTable: string;
  /** Set when the source is a querySql (no table): the DDL is built from the columns it returns. */
  sourceQuerySql: string;
  nodeArguments: string;
  targetDatasource: string;
  onClose: () => void;
  onCreated: (tableName: string) => void;
}) {
  const queryClient = useQueryClient();
  const odps = sourceStepType === "odps";
  const odpsSource = useSourceTable(odps ? sourceDatasource : "", odps ? sourceTable : "");
  const relationalSource = useConnectorTable(odps ? "" : readerCatalogType(sourceStepType), sourceDatasource, odps ? "" : sourceTable);
  const fromQuery = !odps && !sourceTable && Boolean(sourceQuerySql);
  // A querySql has no catalog entry to load first: the action describes it.
  const source = odps ? odpsSource : fromQuery ? { data: sourceQuerySql, error: null } : relationalSource;
  const partitionColumns = odpsSource.data?.partitionColumns.map((c) => c.name) ?? [];
  // A relational source table is `schema.table` or `database.table`: the target proposes its bare name in public.
  // A query's result has no name to propose: the user types one.
  const [tableName, setTableName] = useState(odps ? sourceTable : (sourceTable.split(".").pop() ?? sourceTable));
  // null until the user chooses: a partitioned source then becomes a LIST-partitioned
  // target on its first level.
  const [chosenPartitionColumn, setPartitionColumn] = useState<string | null>(null);
  const partitionColumn = chosenPartitionColumn ?? partitionColumns[0] ?? "";
  const [ddl, setDdl] = useState("");
  const [error, setError] = useState("");
  const [generating, startGenerating] = useTransition();
  const [creating, startCreating] = useTransition();

  // The DDL is proposed by the server (for a querySql, after describing it on the source):
  // once typing pauses, not at every keystroke.
  const [proposedName, setProposedName] = useState(tableName);
  useEffect(() => {
    const timer = setTimeout(() => setProposedName(tableName), 300);
    return () => clearTimeout(timer);
  }, [tableName]);

  // Create takes the statement proposed for the name and partition shown, never an earlier one.
  const proposalKey = `${tableName}\u0000${partitionColumn}`;
  const [ddlKey, setDdlKey] = useState("");
  useEffect(() => {
    const tableName = proposedName;
    if (!source.data || !tableName.trim()) return;
    let latest = true;
    startGenerating(async () => {
      const result = await generateCreateTableDdl({ sourceDatasource, sourceTable, sourceQuerySql: fromQuery ? sourceQuerySql : "", nodeArguments, targetDatasource, tableName, partitionColumn });
      // An answer overtaken by a newer request is dropped.
      if (!latest) return;
      if (result.ok) {
        setDdl(result.data.ddl);
        setDdlKey(`${tableName}\u0000${partitionColumn}`);
        setError("");
      } else setError(result.message);
    });
    return () => {
      latest = false;
    };
  }, [source.data, sourceDatasource, sourceTable, fromQuery, sourceQuerySql, nodeArguments, targetDatasource, proposedName, partitionColumn]);

  function create() {
    startCreating(async () => {
      const result = await createTargetTable({ datasource: targetDatasource, ddl });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: catalogKeys.targetTables(targetDatasource) });
      const created = /create\s+table\s+(?:if\s+not\s+exists\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\.(?:"(?:[^"]|"")+"|[\w$]+))?)/i.exec(ddl)?.[1];
      const name = (created ?? tableName).replace(/"/g, "");
      onCreated(name.includes(".") ? name : `public.${name}`);
    });
  }

  return (
    <Modal
      open
      title="Create Table"
      onClose={onClose}
      width="max-w-3xl"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!ddl || creating || generating || ddlKey !== proposalKey} onClick={create}>
            {creating ? "Creating…" : "Create"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          {fromQuery ? (
            <>
              Generated from the columns your <strong>querySql</strong> returns (described read-only, no rows read) with the {sourceLabel} to Hologres type mapping. Type the
              table&apos;s name; a query has no primary key, so add one in the statement if the target needs it.
            </>
          ) : (
            <>
              Generated from <strong>{sourceTable}</strong> with the {sourceLabel} to Hologres type mapping{odps ? "" : ", the source's primary key kept"}. Edit the statement as you
              need, then create the table.
            </>
          )}
        </p>
        <div className="space-y-3">
          <Field compact label="Table name" htmlFor="create-table-name">
            <TextInput id="create-table-name" value={tableName} placeholder={fromQuery ? "e.g. public.orders_summary" : undefined} onChange={(event) => setTableName(event.target.value)} />
          </Field>
          {partitionColumns.length > 0 && (
            <Field compact label="Partition by list" htmlFor="create-table-partition" hint="Hologres partitions one level, by LIST; the child tables are created per value when a run writes them.">
              <SelectInput id="create-table-partition" value={partitionColumn} onChange={(event) => setPartitionColumn(event.target.value)}>
                <option value="">Not partitioned</option>
                {partitionColumns.map((column) => (
                  <option key={column} value={column}>
                    {column}
                  </option>
                ))}
              </SelectInput>
            </Field>
          )}
        </div>
        {source.error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {source.error.message}
          </p>
        )}
        {generating && !ddl ? <p className="text-sm text-slate-500">Generating…</p> : <CodeEditor label="Create table statement" language="sql" value={ddl} onChange={setDdl} height="300px" />}
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
