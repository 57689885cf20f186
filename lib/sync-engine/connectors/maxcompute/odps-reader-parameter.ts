import { z } from "zod";
import type { ParameterSchemaHelpers } from "../connector-spec";
import { partitionFilterProblem } from "./partition-filter";

/** Each entry of the reader's partition list is a filter in the MaxCompute grammar. */
const partitionFilterSchema = z.string().superRefine((text, ctx) => {
  const problem = partitionFilterProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** DataWorks' MaxCompute Reader parameters (`stepType: "odps"`). */
export function odpsReaderParameterSchema({ named, columns }: ParameterSchemaHelpers) {
  return z.strictObject({
    datasource: named("name the MaxCompute data source"),
    table: named("name the source table"),
    /** Partition filters: `sale_date=${bizdate}`, `sale_date=20261123,sale_time=10`, `pt=202611*`, `*`. */
    partition: z.union([partitionFilterSchema, z.array(partitionFilterSchema)]).optional(),
    /** Source columns, partition columns, constants in single quotes, parameters, or `*`. */
    column: columns,
    /** When no partition matches: fail (default, as DataWorks) or succeed with zero rows. */
    successOnNoPartition: z.boolean().optional(),
  });
}

export type OdpsReaderParameter = z.output<ReturnType<typeof odpsReaderParameterSchema>>;
