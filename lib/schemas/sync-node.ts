import { z } from "zod";

const argumentPair = /^[A-Za-z_][A-Za-z0-9_]*=\S+$/;

/** Properties > Arguments: space-separated key=value pairs, such as `bizdate=$bizdate`. */
export const nodeArgumentsSchema = z
  .string()
  .trim()
  .max(1000, "Arguments must be at most 1000 characters.")
  .refine(
    (text) => text === "" || text.split(/\s+/).every((pair) => argumentPair.test(pair)),
    "Arguments are space-separated key=value pairs, for example bizdate=$bizdate.",
  );

export const saveSyncNodeSchema = z.object({
  nodeId: z.string().min(1),
  // A node may be saved half-configured; Run checks the whole spec.
  jobSpec: z
    .record(z.string(), z.unknown())
    .refine((spec) => spec.type === "job", "The job spec must be an object with type \"job\"."),
  arguments: nodeArgumentsSchema,
  resourceGroupId: z.string().min(1).nullable(),
});
export type SaveSyncNodeInput = z.infer<typeof saveSyncNodeSchema>;

export const createTargetTableSchema = z.object({
  datasource: z.string().min(1, "Choose the Hologres connection first."),
  ddl: z.string().trim().min(1, "The statement is empty.").max(100_000),
});

export const generateDdlSchema = z.object({
  sourceDatasource: z.string().min(1, "Choose the source connection first."),
  sourceTable: z.string().min(1, "Choose the source table first."),
  targetDatasource: z.string().min(1, "Choose the target connection first."),
  tableName: z.string().trim().min(1).max(200),
  partitionColumn: z.string().optional(),
});
