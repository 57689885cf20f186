import { z } from "zod";

/** What the Query page states and the server enforces. */
export const queryLimits = { maxRows: 1000, statementTimeoutSeconds: 15 } as const;

export const runQueryInputSchema = z.object({
  dataSourceId: z.string({ error: "Choose a Hologres data source." }).min(1, "Choose a Hologres data source."),
  sql: z.string().trim().min(1, "Write a SELECT statement to run.").max(100_000, "The statement is too long (100,000 characters at most)."),
});
export type RunQueryInput = z.infer<typeof runQueryInputSchema>;

export const listQueryTablesInputSchema = z.object({ dataSourceId: z.string().min(1, "Choose a Hologres data source.") });
