import { createDataSource } from "@/lib/data/data-sources";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";

/**
 * The two data sources a valid job spec names (`odps_first`, `holo_demo`), added to a test
 * workspace. Nothing connects to them: the tests that use them save, commit and deploy.
 */
export async function addJobDataSources(workspaceId: string): Promise<void> {
  const common = { description: "", environments: ["production"] };
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({ ...common, type: "odps", name: "odps_first", endpoint: "http://127.0.0.1:1/api", tunnelEndpoint: "", project: "p", accessKeyId: "id", accessKeySecret: "s" }),
  );
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({ ...common, type: "holo", connectionMode: "connection_string", name: "holo_demo", host: "127.0.0.1", port: 5432, database: "d", user: "u", password: "p", ssl: false }),
  );
}
