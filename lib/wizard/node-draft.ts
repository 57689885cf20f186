// The sync node wizard edits a draft; the job spec is what it saves. The two convert both
// ways, so script mode and the wizard always show the same node. Pure functions: the
// browser and the server share them.
import { dataSourceProblemsOf, type DataSourceRef } from "@/lib/job-spec-data-sources";
import { channelFieldErrors, partitionLevelError, targetPartitionError } from "@/lib/schemas/sync-node";
import { sourceTypeChoices } from "@/lib/sync-engine/connectors/connector-specs";
import { partitionFilterLevels } from "@/lib/sync-engine/connectors/maxcompute/partition-filter";

export type SourceFieldKind = "column" | "partition" | "constant" | "parameter";

/** A field on the Mappings step's source side. `expression` is what the reader's column list holds. */
/** `type` is the engine's type text (what the mapping checks read); `nativeType` the source's own, shown when known. */
export type SourceField = { kind: SourceFieldKind; expression: string; type: string; nativeType?: string };

export type Mapping = { source: string; target: string };

export type NodeDraft = {
  reader: {
    /** The reader's stepType (`odps`, `mysql`, `postgresql`): the registry's readers. */
    stepType: string;
    datasource: string;
    table: string;
    /** One filter per partition column level, as the wizard's inputs show them: `${bizdate}`, `*`. */
    partitionLevels: Record<string, string>;
    /** Partition fields, constants and parameters the user added as source fields. */
    extraFields: SourceField[];
    /** Relational readers (MySQL, PostgreSQL): DataX's where, splitPk and querySql. */
    where: string;
    splitPk: string;
    querySql: string;
  };
  writer: {
    datasource: string;
    table: string;
    /** The target partition value of a partitioned table: fixed or a variable. */
    partitionValue: string;
    writeMode: "sdk" | "sql";
    conflictMode: "replace" | "ignore" | "update";
    truncate: boolean;
    preSql: string;
    postSql: string;
  };
  mappings: Mapping[];
  channel: {
    concurrent: number;
    throttle: boolean;
    mbps: string;
    errorLimit: string;
    /** Verify after writing: the job spec's `setting.verify`. */
    verify: VerifyAfterWriting;
  };
};

export type VerifyAfterWriting = "off" | "count" | "checksum";

type LooseSpec = {
  steps?: Array<{ stepType?: string; category?: string; parameter?: Record<string, unknown> }>;
  setting?: { errorLimit?: { record?: unknown }; speed?: { concurrent?: unknown; throttle?: unknown; mbps?: unknown }; verify?: unknown };
};

const text = (value: unknown) => (typeof value === "string" ? value : value === undefined || value === null ? "" : String(value));
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(text).filter(Boolean) : typeof value === "string" && value ? [value] : [];
const sqlText = (value: unknown) => list(value).join(";\n");

export function classifySourceExpression(expression: string): SourceFieldKind {
  if (/^'.*'$/s.test(expression)) return "constant";
  if (/^\$(\{[^}]+\}|\[[^\]]+\]|[A-Za-z_]\w*)$/.test(expression)) return "parameter";
  return "column";
}

/**
 * Splits `sale_date=${bizdate},sale_time=*` (or a list of single-level filters) into
 * levels, keeping parameters such as `$[add_months(yyyymmdd,-1)]` whole.
 */
export function partitionLevelsOf(filters: string[]): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const filter of filters) {
    for (const [column, value] of partitionFilterLevels(filter)) levels[column] = value;
  }
  return levels;
}

export function emptyDraft(): NodeDraft {
  return {
    reader: { stepType: "odps", datasource: "", table: "", partitionLevels: {}, extraFields: [], where: "", splitPk: "", querySql: "" },
    writer: {
      datasource: "",
      table: "",
      partitionValue: "",
      writeMode: "sdk",
      conflictMode: "ignore",
      truncate: false,
      preSql: "",
      postSql: "",
    },
    mappings: [],
    // New nodes count what they wrote: a count costs one query on the target.
    channel: { concurrent: 2, throttle: false, mbps: "10", errorLimit: "", verify: "count" },
  };
}

/** Reads any job spec, even a half-filled one, into the wizard's draft. */
export function draftFromJobSpec(spec: unknown, partitionColumnNames: string[] = []): NodeDraft {
  const loose = (spec ?? {}) as LooseSpec;
  const readerStep = loose.steps?.find((step) => step?.category === "reader");
  const reader = readerStep?.parameter ?? {};
  const writer = loose.steps?.find((step) => step?.category === "writer")?.parameter ?? {};
  const draft = emptyDraft();
  draft.reader.stepType = typeof readerStep?.stepType === "string" && readerStep.stepType ? readerStep.stepType : "odps";
  draft.reader.where = text(reader.where);
  draft.reader.splitPk = text(reader.splitPk);
  draft.reader.querySql = text(reader.querySql);
  draft.reader.datasource = text(reader.datasource);
  draft.reader.table = text(reader.table);
  draft.reader.partitionLevels = partitionLevelsOf(list(reader.partition));
  const readerColumns = list(reader.column);
  const writerColumns = list(writer.column);
  const partitionNames = new Set([...partitionColumnNames, ...Object.keys(draft.reader.partitionLevels)].map((n) => n.toLowerCase()));
  for (const expression of readerColumns) {
    const kind = classifySourceExpression(expression);
    const isPartition = kind === "column" && partitionNames.has(expression.toLowerCase());
    if (kind !== "column" || isPartition) {
      draft.reader.extraFields.push({
        kind: isPartition ? "partition" : kind,
        expression,
        type: kind === "column" ? "string" : kind === "parameter" ? "string" : "string",
      });
    }
  }
  draft.mappings = readerColumns
    .map((source, index) => ({ source, target: writerColumns[index] ?? "" }))
    .filter((mapping) => mapping.target);
  const writerPartition = text(writer.partition);
  draft.writer = {
    datasource: text(writer.datasource),
    table: text(writer.table),
    partitionValue: writerPartition.includes("=") ? writerPartition.slice(writerPartition.indexOf("=") + 1) : writerPartition,
    writeMode: writer.writeMode === "sql" ? "sql" : "sdk",
    conflictMode: writer.conflictMode === "replace" || writer.conflictMode === "update" ? writer.conflictMode : "ignore",
    truncate: writer.truncate === true,
    preSql: sqlText(writer.preSql),
    postSql: sqlText(writer.postSql),
  };
  const speed = loose.setting?.speed ?? {};
  const record = loose.setting?.errorLimit?.record;
  draft.channel = {
    concurrent: Number(speed.concurrent) || 2,
    throttle: speed.throttle === true,
    mbps: speed.mbps === undefined ? "10" : text(speed.mbps),
    errorLimit: record === undefined || record === null ? "" : text(record),
    // A spec without the setting does not verify (as it ran before the setting existed).
    verify: loose.setting?.verify === "count" || loose.setting?.verify === "checksum" ? loose.setting.verify : "off",
  };
  return draft;
}

/** The reader's parameters: MaxCompute's partition filter, or a relational reader's where, splitPk and querySql. */
function readerParameterOf(draft: NodeDraft, partition: string[]): Record<string, unknown> {
  const column = draft.mappings.map((mapping) => mapping.source);
  if (draft.reader.stepType === "odps") {
    return { datasource: draft.reader.datasource, table: draft.reader.table, ...(partition.length ? { partition } : {}), column };
  }
  const { datasource, table, where, splitPk, querySql } = draft.reader;
  if (querySql.trim()) return { datasource, ...(table ? { table } : {}), querySql: querySql.trim(), column };
  return { datasource, table, column, ...(where.trim() ? { where: where.trim() } : {}), ...(splitPk ? { splitPk } : {}) };
}

function splitSql(textValue: string): string[] {
  return textValue
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/**
 * The job spec of a draft, in DataWorks script-mode shape. `partitionColumns` are the
 * source table's partition columns in order and `targetPartitionColumn` the target's LIST
 * column, when those tables are partitioned.
 */
export function jobSpecFromDraft(
  draft: NodeDraft,
  context: { partitionColumns?: string[]; targetPartitionColumn?: string | null } = {},
) {
  const levels = (context.partitionColumns ?? Object.keys(draft.reader.partitionLevels))
    .map((column) => [column, draft.reader.partitionLevels[column.toLowerCase()] ?? draft.reader.partitionLevels[column] ?? ""] as const)
    .filter(([, value]) => value !== "");
  // One entry with every level: entries of the list are alternatives (a union), levels are not.
  const partition = levels.length ? [levels.map(([column, value]) => `${column}=${value}`).join(",")] : [];
  const writerParameter: Record<string, unknown> = {
    datasource: draft.writer.datasource,
    table: draft.writer.table,
    column: draft.mappings.map((mapping) => mapping.target),
    writeMode: draft.writer.writeMode,
    conflictMode: draft.writer.conflictMode,
    truncate: draft.writer.truncate,
  };
  if (context.targetPartitionColumn && draft.writer.partitionValue) {
    writerParameter.partition = `${context.targetPartitionColumn}=${draft.writer.partitionValue}`;
  }
  if (draft.writer.preSql.trim()) writerParameter.preSql = splitSql(draft.writer.preSql);
  if (draft.writer.postSql.trim()) writerParameter.postSql = splitSql(draft.writer.postSql);
  const speed: Record<string, unknown> = { concurrent: draft.channel.concurrent, throttle: draft.channel.throttle };
  if (draft.channel.throttle) speed.mbps = draft.channel.mbps;
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: draft.reader.stepType, category: "reader", name: "Reader", parameter: readerParameterOf(draft, partition) },
      { stepType: "holo", category: "writer", name: "Writer", parameter: writerParameter },
    ],
    setting: { errorLimit: { record: draft.channel.errorLimit.trim() }, speed, ...(draft.channel.verify !== "off" ? { verify: draft.channel.verify } : {}) },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

// The draft knows the reader, not the source type picked in the panel: one reader takes
// several types (the PostgreSQL reader reads Hologres too), so name every type it takes.
const readerSourceLabels = (stepType: string) =>
  sourceTypeChoices
    .filter((choice) => choice.stepType === stepType)
    .map((choice) => choice.label)
    .join(" or ") || stepType;

// "properties": the Properties side panel (arguments, scheduling), which Commit checks.
export type WizardStep = "connections" | "mappings" | "channel" | "resource-group" | "properties";
export type DraftIssue = { step: WizardStep; field: string; message: string };

type DraftCheckContext = {
  /** The source table's partition columns in order, when its schema is known. */
  sourcePartitionColumns: string[];
  targetPartitionColumn: string | null;
  /** The workspace's data sources (the Connection lists). */
  dataSources: DataSourceRef[];
};

const stepOrder: WizardStep[] = ["connections", "mappings", "channel", "resource-group", "properties"];

/**
 * What must not be saved, each with the id of the field to fix: a value the engine would
 * refuse (the Channel form's numbers, a partition box holding more than its level), or a
 * data source the workspace does not have. Unfinished is fine; invalid is not.
 */
export function checkDraftForSave(draft: NodeDraft, context: DraftCheckContext): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const add = (step: WizardStep, field: string, message: string) => issues.push({ step, field, message });
  for (const problem of dataSourceProblemsOf(jobSpecFromDraft(draft), context.dataSources)) {
    const source = problem.path.startsWith("steps[0]");
    add("connections", source ? "source-datasource" : "target-datasource", `${source ? "Source" : "Target"}: ${problem.message}.`);
  }
  const levelColumns = context.sourcePartitionColumns.length ? context.sourcePartitionColumns : Object.keys(draft.reader.partitionLevels);
  for (const column of levelColumns) {
    const error = partitionLevelError(column, draft.reader.partitionLevels[column.toLowerCase()] ?? "");
    if (error) add("connections", `source-partition-${column}`, `Source: ${error}`);
  }
  if (context.targetPartitionColumn) {
    const error = targetPartitionError(context.targetPartitionColumn, draft.writer.partitionValue);
    if (error) add("connections", "target-partition", `Target: ${error}`);
  }
  const channelErrors = channelFieldErrors(draft.channel);
  const channelFields = { concurrent: "channel-concurrent", mbps: "channel-mbps", errorLimit: "channel-error-limit" } as const;
  for (const [field, message] of Object.entries(channelErrors) as [keyof typeof channelFields, string][]) {
    add("channel", channelFields[field], `Channel: ${message}`);
  }
  return issues;
}

/**
 * What a run still needs, step by step, each with the id of the field to fix: what is
 * missing, and everything Save refuses. The tables' shapes come from the catalogs;
 * `typeProblems` are the Mappings step's type flags.
 */
export function checkDraftForRun(
  draft: NodeDraft,
  context: DraftCheckContext & {
    targetHasPrimaryKey: boolean;
    resourceGroupId: string | null;
    typeProblems: { target: string; reason: string }[];
  },
): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const add = (step: WizardStep, field: string, message: string) => issues.push({ step, field, message });
  if (!draft.reader.datasource) add("connections", "source-datasource", `Source: choose the ${readerSourceLabels(draft.reader.stepType)} connection.`);
  if (!draft.reader.table && !(draft.reader.stepType !== "odps" && draft.reader.querySql.trim())) {
    add("connections", "source-table", draft.reader.stepType === "odps" ? "Source: choose the table to read." : "Source: choose the table to read, or write a querySql.");
  }
  for (const column of context.sourcePartitionColumns) {
    if (!draft.reader.partitionLevels[column.toLowerCase()]?.trim()) {
      add("connections", `source-partition-${column}`, `Source: fill in the partition ${column} (a value, a variable such as \${bizdate}, or * for all).`);
    }
  }
  if (!draft.writer.datasource) add("connections", "target-datasource", "Target: choose the Hologres connection.");
  if (!draft.writer.table) add("connections", "target-table", "Target: choose or create the table to write.");
  if (context.targetPartitionColumn && !draft.writer.partitionValue.trim()) {
    add("connections", "target-partition", `Target: fill in the partition ${context.targetPartitionColumn} to write (for example \${bizdate}).`);
  }
  if (draft.mappings.length === 0) add("mappings", "mappings", "Mappings: map at least one source field to a target field.");
  for (const problem of context.typeProblems) add("mappings", "mappings", `Mappings: ${problem.target}: ${problem.reason}.`);
  if (!context.resourceGroupId) {
    add(
      "resource-group",
      "resource-group",
      draft.writer.writeMode === "sdk"
        ? "Resource Group: SDK (Fast write) needs an exclusive resource group; choose one."
        : "Resource Group: choose the exclusive resource group that runs this node.",
    );
  }
  issues.push(...checkDraftForSave(draft, context));
  // Step by step, as the Run check lists them; the sort is stable within a step.
  return issues.sort((a, b) => stepOrder.indexOf(a.step) - stepOrder.indexOf(b.step));
}
