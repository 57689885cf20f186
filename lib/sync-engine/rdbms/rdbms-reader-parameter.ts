import { z } from "zod";
import type { ParameterSchemaHelpers } from "../connectors/connector-spec";

/**
 * The parameters of DataX's relational readers (mysqlreader, postgresqlreader), as
 * DataWorks' MySQL Reader documents them: table mode (`table`, `column`, `where`,
 * `splitPk`) or `querySql` mode. Shared by the MySQL and PostgreSQL connectors as DataX
 * shares plugin-rdbms-util; neither connector imports the other.
 */
export function rdbmsReaderParameterSchema(helpers: ParameterSchemaHelpers, label: string) {
  return z
    .strictObject({
      datasource: helpers.named(`name the ${label} data source`),
      /** `orders` or `schema.orders`. Shown, not read, in querySql mode. */
      table: z.string().optional(),
      /** Column names, constants in single quotes, or `*`. Not used in querySql mode. */
      column: z.array(z.string().min(1)).optional(),
      /** A condition without `WHERE`: `gmt_modified >= '${bizdate}'`. */
      where: z.string().optional(),
      /** An integer column, normally the primary key: its range is split across channels. */
      splitPk: z.string().optional(),
      /** A SELECT read as written; the columns are its result's. */
      querySql: z.string().optional(),
    })
    .superRefine((parameter, ctx) => {
      const query = parameter.querySql?.trim() ?? "";
      if (query !== "") {
        // DataX silently ignores these with querySql; a condition the user believes applies
        // and does not is worse than an error.
        if (parameter.where?.trim()) ctx.addIssue({ code: "custom", path: ["where"], message: "querySql reads the query as written: put the condition into querySql and clear where" });
        if (parameter.splitPk?.trim()) ctx.addIssue({ code: "custom", path: ["splitPk"], message: "querySql is read by one channel: clear splitPk, or use table mode to split" });
        return;
      }
      if (helpers.completeness !== "complete") return;
      if (!parameter.table?.trim()) ctx.addIssue({ code: "custom", path: ["table"], message: "name the source table, or give a querySql" });
      if (!parameter.column || parameter.column.length === 0) ctx.addIssue({ code: "custom", path: ["column"], message: "map at least one column" });
    });
}

export type RdbmsReaderParameter = z.output<ReturnType<typeof rdbmsReaderParameterSchema>>;
