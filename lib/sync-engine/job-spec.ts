import { z } from "zod";
import type { ParameterSchemaHelpers, StepSpec } from "./connectors/connector-spec";
import { connectorSpecs, readerSpecs, writerSpecs } from "./connectors/connector-specs";
import { SyncError } from "./sync-error";

/**
 * The job spec in the shape of DataWorks script mode. This schema is the single source of
 * truth: the wizard, script mode, the CLI and the runner all parse with it. Objects are
 * strict: an unknown key is refused, so a typo never silently turns into a default.
 */

/** DataWorks writes numbers as strings in places (`"mbps": "10"`, `"record": "0"`); accept both. */
const numberLike = z.union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/, "expected a number")]);

const asNumber = (value: number | string) => (typeof value === "number" ? value : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN);

/*
 * The Channel settings' values. The wizard's Channel form parses with these same schemas
 * (lib/schemas/sync-node.ts), so a value the form accepts is one the engine accepts. The
 * messages complete a sentence that starts with the field: "<path>: must be ...".
 */

/** Dirty records allowed: a whole number, 0 or more. Empty text or null: no limit. */
export const errorLimitRecordSchema = z
  .union([z.number(), z.string(), z.null()], { error: "must be a whole number, 0 or more, or empty for no limit" })
  .refine(
    (value) => value === null || (typeof value === "number" ? Number.isInteger(value) && value >= 0 : /^\s*\d*\s*$/.test(value)),
    "must be a whole number, 0 or more, or empty for no limit",
  );

/** The throttle's cap in MB/s: a number above 0, such as 10 or 0.5. */
export const mbpsSchema = z
  .union([z.number(), z.string()], { error: "must be a number of MB/s above 0, such as 10 or 0.5" })
  .refine((value) => asNumber(value) > 0 && Number.isFinite(asNumber(value)), "must be a number of MB/s above 0, such as 10 or 0.5");

/** Channels at once: a whole number from 1 to 32. */
export const concurrentSchema = z
  .union([z.number(), z.string()], { error: "must be a whole number from 1 to 32" })
  .refine((value) => {
    const number = asNumber(value);
    return Number.isInteger(number) && number >= 1 && number <= 32;
  }, "must be a whole number from 1 to 32");

/**
 * A saved node may be unfinished: `draft` lets the data sources, tables and column lists be
 * empty, and nothing else. Every value that is there must be one the engine accepts.
 */
type Completeness = "complete" | "draft";

function buildJobSpecSchema(completeness: Completeness) {
  const named = (message: string) => (completeness === "complete" ? z.string().min(1, message) : z.string());
  const columns = completeness === "complete" ? z.array(z.string().min(1)).min(1, "map at least one column") : z.array(z.string().min(1));

  const helpers: ParameterSchemaHelpers = { named, columns, completeness };
  const readerStepSchema = z.discriminatedUnion("stepType", readerSpecs.map((spec) => stepSchema(spec, "reader", helpers)) as unknown as StepSchemaTuple<"reader">, {
    error: (issue) => unknownStepMessage(issue, "reader", readerSpecs),
  });
  const writerStepSchema = z.discriminatedUnion("stepType", writerSpecs.map((spec) => stepSchema(spec, "writer", helpers)) as unknown as StepSchemaTuple<"writer">, {
    error: (issue) => unknownStepMessage(issue, "writer", writerSpecs),
  });

  const jobSettingSchema = z.strictObject({
    errorLimit: z
      .strictObject({
        /** Dirty records allowed. Empty string or null: no limit. "0": none allowed. */
        record: errorLimitRecordSchema.optional(),
      })
      .default({ record: "0" }),
    speed: z
      .strictObject({
        throttle: z.boolean().default(false),
        /** Cap in MB/s when `throttle` is true. */
        mbps: mbpsSchema.optional(),
        concurrent: concurrentSchema.default(2),
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

  return z
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
      const readerColumns = reader.parameter.column;
      // A querySql reader's columns are its query's: the writer's list is checked at run time.
      if (readerColumns && readerColumns.length !== writer.parameter.column.length && !isStar(readerColumns) && !isStar(writer.parameter.column)) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", 1, "parameter", "column"],
          message: `the writer maps ${writer.parameter.column.length} columns but the reader reads ${readerColumns.length}; columns map by position`,
        });
      }
      if (spec.setting.speed.throttle && spec.setting.speed.mbps === undefined) {
        ctx.addIssue({ code: "custom", path: ["setting", "speed", "mbps"], message: "set a rate above 0 MB/s when throttle is true" });
      }
    });
}

/** The job spec a run needs: every part filled in. */
export const jobSpecSchema = buildJobSpecSchema("complete");

/**
 * The job spec a node may be saved with: the same rules, except that the data sources,
 * tables and column lists may still be empty. Run asks for the complete one.
 */
export const jobSpecDraftSchema = buildJobSpecSchema("draft");

/*
 * The step unions come from the connector list. These types keep each stepType tied to its
 * own parameter schema (a discriminated union), which a plain `.map` would lose.
 */
type Spec = (typeof connectorSpecs)[number];
type StepSchemaOf<S, Category extends "reader" | "writer"> = S extends { [K in Category]: { stepType: infer T extends string; parameterSchema: (helpers: ParameterSchemaHelpers) => infer P extends z.ZodType } }
  ? z.ZodObject<{ stepType: z.ZodLiteral<T>; category: z.ZodLiteral<Category>; name: z.ZodString; parameter: P }, z.core.$strict>
  : never;
type StepSchemaTuple<Category extends "reader" | "writer"> = [StepSchemaOf<Spec, Category>, ...StepSchemaOf<Spec, Category>[]];

function stepSchema(spec: StepSpec, category: "reader" | "writer", helpers: ParameterSchemaHelpers) {
  return z.strictObject({ stepType: z.literal(spec.stepType), category: z.literal(category), name: z.string().min(1), parameter: spec.parameterSchema(helpers) });
}

/** An unknown stepType names the ones this Synclane has. */
function unknownStepMessage(issue: { code?: string; input?: unknown }, role: "reader" | "writer", specs: readonly StepSpec[]): string | undefined {
  if (issue.code !== "invalid_union") return undefined;
  const stepType = typeof issue.input === "object" && issue.input !== null ? (issue.input as { stepType?: unknown }).stepType : undefined;
  const known = specs.map((spec) => spec.stepType).join(", ");
  return stepType === undefined
    ? `the ${role} needs a stepType (known ${role}s: ${known})`
    : `unknown ${role} stepType ${JSON.stringify(stepType)}; known ${role}s: ${known}`;
}

function isStar(columns: string[]): boolean {
  return columns.length === 1 && columns[0] === "*";
}

export type JobSpecInput = z.input<typeof jobSpecSchema>;
export type JobSpec = z.output<typeof jobSpecSchema>;
export type ReaderStep = JobSpec["steps"][0];
export type WriterStep = JobSpec["steps"][1];
export type ReaderParameter = ReaderStep["parameter"];
export type { OdpsReaderParameter } from "./connectors/maxcompute/odps-reader-parameter";
export type { HoloWriterParameter } from "./connectors/hologres/holo-writer-parameter";
export type { RdbmsReaderParameter } from "./rdbms/rdbms-reader-parameter";
type HoloWriterParameter = import("./connectors/hologres/holo-writer-parameter").HoloWriterParameter;
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

/**
 * Validates a job spec (an object, or JSON text) and returns its issues with JSON paths.
 * `{ allowIncomplete: true }` checks it as a node may be saved (`jobSpecDraftSchema`).
 */
export function safeParseJobSpec(input: unknown, options: { allowIncomplete?: boolean } = {}): JobSpecParseResult {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const message = `The job spec is not valid JSON: ${(error as Error).message}`;
      return { ok: false, issues: [{ path: "(root)", message }], message };
    }
  }
  const result = (options.allowIncomplete ? jobSpecDraftSchema : jobSpecSchema).safeParse(value);
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

export type VerifyMode = NonNullable<JobSpec["setting"]["verify"]>;

/** The dirty-record limit: `null` means no limit. */
export function dirtyRecordLimit(spec: JobSpec): number | null {
  const record = spec.setting.errorLimit.record;
  if (record === undefined) return 0;
  if (record === null || (typeof record === "string" && record.trim() === "")) return null;
  return Math.floor(Number(record));
}

export { listJobSpecParameters, type SpecParameter } from "./scheduling-parameters";
