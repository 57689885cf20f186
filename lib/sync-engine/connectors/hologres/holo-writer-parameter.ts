import { z } from "zod";
import type { ParameterSchemaHelpers } from "../connector-spec";

const stringOrList = z.union([z.string(), z.array(z.string())]);

/** DataWorks' Hologres Writer parameters (`stepType: "holo"`). */
export function holoWriterParameterSchema({ named, columns }: ParameterSchemaHelpers) {
  return z.strictObject({
    datasource: named("name the Hologres data source"),
    table: named("name the target table"),
    /** Target partition of a partitioned table: `sale_date=${bizdate}` or a fixed value. */
    partition: z.string().optional(),
    column: columns,
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
}

export type HoloWriterParameter = z.output<ReturnType<typeof holoWriterParameterSchema>>;
