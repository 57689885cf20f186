"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { checkConnectivity, type ConnectivityReport } from "@/lib/connectivity";
import { getDataSource, getDataSourceForTest, recordConnectivityResult, resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import { environmentLabels, type EnvironmentName } from "@/lib/schemas/data-source";
import { parseDataSourceForm } from "./parse-data-source-form";

/**
 * One report for all environments tested: each named when there is more than one; a
 * warning that every environment shares is said once.
 */
function combine(reports: { environment: EnvironmentName; report: ConnectivityReport }[]): ConnectivityReport {
  if (reports.length === 1) return reports[0].report;
  const warned = reports.filter(({ report }) => report.warning);
  const shared = warned.length === reports.length && warned.every(({ report }) => report.warning === warned[0].report.warning);
  return {
    ok: reports.every(({ report }) => report.ok),
    message: reports.map(({ environment, report }) => `${environmentLabels[environment]}: ${report.message}`).join(" "),
    warning: shared
      ? warned[0].report.warning
      : warned.map(({ environment, report }) => `${environmentLabels[environment]}: ${report.warning}`).join(" ") || null,
  };
}

/**
 * Tests a saved data source (by id) or the values of an unsaved form, in each of its
 * environments whose settings differ. An edit form with an empty secret field is tested
 * with the stored secret only when the connection it was saved for is unchanged; otherwise
 * the secret field says to type it again.
 */
const testConnectivityInputSchema = z.object({ id: z.string().min(1).optional(), form: z.unknown().optional() });

export const testDataSourceConnectivity = authedAction(
  "edit",
  testConnectivityInputSchema,
  async (input, { workspace }): Promise<ConnectivityReport> => {
    if (input.form) {
      const form = parseDataSourceForm(input.form, workspace.mode, { requireSecrets: false });
      const configs = await getDataSourceForTest(workspace.id, form, input.id);
      const distinct = configs.filter(
        (config, index) => configs.findIndex((other) => JSON.stringify(other.source) === JSON.stringify(config.source)) === index,
      );
      const reports = [];
      for (const { environment, source } of distinct) {
        reports.push({ environment, report: await checkConnectivity(toEngineDataSource(source)) });
      }
      return combine(reports);
    }
    const { environments } = await getDataSource(workspace.id, String(input.id));
    const reports = [];
    for (const environment of environments) {
      const resolved = await resolveDataSource({ workspaceId: workspace.id, id: String(input.id), environment });
      const report = await checkConnectivity(toEngineDataSource(resolved));
      await recordConnectivityResult(resolved.id, environment, report);
      reports.push({ environment, report });
    }
    revalidatePath("/data-sources");
    return combine(reports);
  },
);
