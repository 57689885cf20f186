import "server-only";
import { z } from "zod";
import { dataSourceFormSchema, genericFormFields, type DataSourceForm } from "@/lib/schemas/data-source";

/**
 * Parses a data source form with the same schema the browser uses. In basic mode there is
 * one environment, Production, whatever the browser sent. A new data source needs its
 * secret; on edit an empty secret keeps the stored one (lib/data checks that the
 * connection it was saved for is unchanged).
 */
export function parseDataSourceForm(
  input: unknown,
  mode: "basic" | "standard",
  options: { requireSecrets: boolean },
): DataSourceForm {
  const raw = { ...(input as Record<string, unknown>) };
  if (mode === "basic") {
    raw.environments = ["production"];
    delete raw.production;
  }
  const form = dataSourceFormSchema.parse(raw);
  // Passwords may be empty (a server may trust the user); AccessKey secrets may not.
  if (options.requireSecrets && !(form.type === "holo" && form.connectionMode === "connection_string") && !genericFormFields(form.type)) {
    const missing: { path: string[]; message: string }[] = [];
    if (!form.accessKeySecret) missing.push({ path: ["accessKeySecret"], message: "AccessKey Secret is required." });
    const production = form.production as { accessKeySecret?: string } | undefined;
    if (production && !production.accessKeySecret) {
      missing.push({ path: ["production", "accessKeySecret"], message: "AccessKey Secret is required." });
    }
    if (missing.length) throw new z.ZodError(missing.map((issue) => ({ code: "custom" as const, input: "", ...issue })));
  }
  return form;
}
