import "server-only";
import { z } from "zod";
import { dataSourceFormSchema, type DataSourceForm } from "@/lib/schemas/data-source";

/**
 * Parses a data source form with the same schema the browser uses. In basic mode there is
 * one environment, Production, whatever the browser sent. A new data source needs its
 * secret; on edit an empty secret keeps the stored one.
 */
export function parseDataSourceForm(
  input: unknown,
  mode: "basic" | "standard",
  options: { requireSecrets: boolean },
): DataSourceForm {
  const raw = { ...(input as Record<string, unknown>) };
  if (mode === "basic") raw.environments = ["production"];
  const form = dataSourceFormSchema.parse(raw);
  if (options.requireSecrets) {
    const missing =
      form.type === "holo" && form.connectionMode === "connection_string"
        ? null
        : !form.accessKeySecret
          ? { path: ["accessKeySecret"], message: "AccessKey Secret is required." }
          : null;
    if (missing) throw new z.ZodError([{ code: "custom", input: "", ...missing }]);
  }
  return form;
}
