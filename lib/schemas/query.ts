import { z } from "zod";

/**
 * What the Query page states and the server enforces. The byte cap counts the text of the
 * values shown: 1,000 rows of 100 KB values would otherwise be 100 MB held in the server
 * and sent to the browser.
 */
export const queryLimits = { maxRows: 1000, maxBytes: 10 * 1024 * 1024, statementTimeoutSeconds: 15 } as const;

/** The byte cap as the page says it: "10 MB". */
export const queryByteLimitText = `${queryLimits.maxBytes / (1024 * 1024)} MB`;

export const runQueryInputSchema = z.object({
  dataSourceId: z.string({ error: "Choose a Hologres data source." }).min(1, "Choose a Hologres data source."),
  sql: z.string().trim().min(1, "Write a SELECT statement to run.").max(100_000, "The statement is too long (100,000 characters at most)."),
});
export type RunQueryInput = z.infer<typeof runQueryInputSchema>;

export const listQueryTablesInputSchema = z.object({ dataSourceId: z.string().min(1, "Choose a Hologres data source.") });
