import { z } from "zod";
import { SyncError } from "./sync-error";

/**
 * The job spec in the shape of DataWorks script mode. This schema is the single source of
 * truth: the wizard, script mode, the CLI and the runner all parse with it. Objects are
 * strict: an unknown key is refused, so a typo never silently turns into a default.
 */

/** DataWorks writes numbers as strings in places (`"mbps": "10"`, `"record": "0"`); accept both. */
const numberLike = z.union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/, "expected a number")]);

const stringOrList = z.union([z.string(), z.array(z.string())]);

export const odpsReaderParameterSchema = z.strictObject({
  datasource: z.string().min(1, "name the MaxCompute data source"),
  table: z.string().min(1, "name the source table"),
  /** Partition filters: `sale_date=${bizdate}`, `sale_date=20261123,sale_time=10`, `pt=202611*`, `*`. */
  partition: stringOrList.optional(),
  /** Source columns, partition columns, constants in single quotes, parameters, or `*`. */
  column: z.array(z.string().min(1)).min(1, "map at least one column"),
  /** When no partition matches: fail (default, as DataWorks) or succeed with zero rows. */
  successOnNoPartition: z.boolean().optional(),
});

export const holoWriterParameterSchema = z.strictObject({
  datasource: z.string().min(1, "name the Hologres data source"),
  table: z.string().min(1, "name the target table"),
  /** Target partition of a partitioned table: `sale_date=${bizdate}` or a fixed value. */
  partition: z.string().optional(),
  column: z.array(z.string().min(1)).min(1, "map at least one column"),
  /** `sdk`: fast write (COPY); `sql`: INSERT INTO. */
  writeMode: z.enum(["sdk", "sql"]).default("sdk"),
  /** Applies when the target has a primary key. Ignore is the DataWorks default. */
  conflictMode: z.enum(["replace", "ignore", "update"]).default("ignore"),
  truncate: z.boolean().default(false),
  preSql: stringOrList.optional(),
  postSql: stringOrList.optional(),
  /** Rows per write batch; 1 to 100,000. */
  batchSize: z.number().int().min(1).max(100_000).optional(),
});

export const odpsReaderStepSchema = z.strictObject({
  stepType: z.literal("odps"),
  category: z.literal("reader"),
  name: z.string().min(1),
  parameter: odpsReaderParameterSchema,
});

export const holoWriterStepSchema = z.strictObject({
  stepType: z.literal("holo"),
  category: z.literal("writer"),
  name: z.string().min(1),
  parameter: holoWriterParameterSchema,
});

export const readerStepSchema = z.discriminatedUnion("stepType", [odpsReaderStepSchema]);
export const writerStepSchema = z.discriminatedUnion("stepType", [holoWriterStepSchema]);

export const jobSettingSchema = z.strictObject({
  errorLimit: z
    .strictObject({
      /** Dirty records allowed. Empty string or null: no limit. "0": none allowed. */
      record: z.union([numberLike, z.literal(""), z.null()]).optional(),
    })
    .default({ record: "0" }),
  speed: z
    .strictObject({
      throttle: z.boolean().default(false),
      /** Cap in MB/s when `throttle` is true. */
      mbps: numberLike.optional(),
      concurrent: z.union([z.number().int(), z.string().regex(/^\d+$/, "expected a whole number")]).default(2),
      /** Accepted for compatibility with DataWorks exports; not used. */
      dmu: numberLike.optional(),
    })
    .default({ throttle: false, concurrent: 2 }),
  /**
   * Synclane's own setting (DataWorks has none): after writing, count the rows the target
   * holds for this run (`count`), and compare an order-independent checksum of the written
   * columns too (`checksum`). Absent means `off`, so specs written before it, and DataWorks
   * exports, run as they did; the wizard gives new nodes `count`.
   */
  verify: z.enum(["off", "count", "checksum"]).optional(),
});

export const jobSpecSchema = z
  .strictObject({
    type: z.literal("job"),
    version: z.literal("2.0"),
    steps: z.tuple([readerStepSchema, writerStepSchema]),
    setting: jobSettingSchema.default({ errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 2 } }),
    order: z.strictObject({
      hops: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })).length(1, "expected exactly one hop from the reader to the writer"),
    }),
  })
  .superRefine((spec, ctx) => {
    const [reader, writer] = spec.steps;
    const hop = spec.order.hops[0];
    if (hop && (hop.from !== reader.name || hop.to !== writer.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["order", "hops", 0],
        message: `the hop must go from the reader "${reader.name}" to the writer "${writer.name}"`,
      });
    }
    if (reader.parameter.column.length !== writer.parameter.column.length && !isStar(reader.parameter.column) && !isStar(writer.parameter.column)) {
      ctx.addIssue({
        code: "custom",
        path: ["steps", 1, "parameter", "column"],
        message: `the writer maps ${writer.parameter.column.length} columns but the reader reads ${reader.parameter.column.length}; columns map by position`,
      });
    }
    const concurrent = Number(spec.setting.speed.concurrent);
    if (!(concurrent >= 1 && concurrent <= 32)) {
      ctx.addIssue({ code: "custom", path: ["setting", "speed", "concurrent"], message: "concurrency must be between 1 and 32" });
    }
    if (spec.setting.speed.throttle) {
      const mbps = Number(spec.setting.speed.mbps);
      if (spec.setting.speed.mbps === undefined || !(mbps > 0)) {
        ctx.addIssue({ code: "custom", path: ["setting", "speed", "mbps"], message: "set a rate above 0 MB/s when throttle is true" });
      }
    }
  });

function isStar(columns: string[]): boolean {
  return columns.length === 1 && columns[0] === "*";
}

export type JobSpecInput = z.input<typeof jobSpecSchema>;
export type JobSpec = z.output<typeof jobSpecSchema>;
export type ReaderStep = JobSpec["steps"][0];
export type WriterStep = JobSpec["steps"][1];
export type OdpsReaderParameter = z.output<typeof odpsReaderParameterSchema>;
export type HoloWriterParameter = z.output<typeof holoWriterParameterSchema>;
export type WriteMode = HoloWriterParameter["writeMode"];
export type ConflictMode = HoloWriterParameter["conflictMode"];

export type JobSpecIssue = { path: string; message: string };

/** `["steps", 1, "parameter", "writeMode"]` -> `steps[1].parameter.writeMode` */
export function formatJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

function describeIssues(error: z.ZodError): JobSpecIssue[] {
  const issues: JobSpecIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ path: formatJsonPath([...issue.path, key]), message: "unknown key" });
      continue;
    }
    if (issue.code === "invalid_union" && "errors" in issue && Array.isArray(issue.errors)) {
      // Report the branch that got furthest, so `"mbps": true` says "expected number" at its path.
      const branches = issue.errors as z.core.$ZodIssue[][];
      const best = branches.map((b) => b).sort((a, b) => maxDepth(b) - maxDepth(a))[0];
      if (best && best.length > 0 && maxDepth(best) > 0) {
        for (const inner of best) issues.push({ path: formatJsonPath([...issue.path, ...inner.path]), message: inner.message });
        continue;
      }
    }
    issues.push({ path: formatJsonPath(issue.path), message: issue.message });
  }
  return issues;
}

function maxDepth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

export type JobSpecParseResult = { ok: true; spec: JobSpec } | { ok: false; issues: JobSpecIssue[]; message: string };

/** Validates a job spec (an object, or JSON text) and returns its issues with JSON paths. */
export function safeParseJobSpec(input: unknown): JobSpecParseResult {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const message = `The job spec is not valid JSON: ${(error as Error).message}`;
      return { ok: false, issues: [{ path: "(root)", message }], message };
    }
  }
  const result = jobSpecSchema.safeParse(value);
  if (result.success) return { ok: true, spec: result.data };
  const issues = describeIssues(result.error);
  const message = `Invalid job spec: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`;
  return { ok: false, issues, message };
}

/** Validates a job spec; throws SyncError INVALID_JOB_SPEC whose message names each problem's JSON path. */
export function parseJobSpec(input: unknown): JobSpec {
  const result = safeParseJobSpec(input);
  if (!result.ok) throw new SyncError("INVALID_JOB_SPEC", result.message, { details: { issues: result.issues } });
  return result.spec;
}

/** `setting.verify`, `off` when absent. */
export function verifyMode(spec: JobSpec): VerifyMode {
  return spec.setting.verify ?? "off";
}

export type VerifyMode = NonNullable<z.output<typeof jobSettingSchema>["verify"]>;

/** The dirty-record limit: `null` means no limit. */
export function dirtyRecordLimit(spec: JobSpec): number | null {
  const record = spec.setting.errorLimit.record;
  if (record === undefined) return 0;
  if (record === null || (typeof record === "string" && record.trim() === "")) return null;
  return Math.floor(Number(record));
}

export { listJobSpecParameters, type SpecParameter } from "./scheduling-parameters";
