/** TanStack Query keys of the Query page. */
export const queryPageKeys = {
  all: ["query-page"] as const,
  tables: (dataSourceId: string) => [...queryPageKeys.all, "tables", dataSourceId] as const,
};
