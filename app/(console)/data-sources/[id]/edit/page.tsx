import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { ConsoleError } from "@/lib/console-error";
import { getDataSource } from "@/lib/data/data-sources";
import { dataSourceTypeLabels } from "@/lib/schemas/data-source";
import { PageHeader } from "@/components/ui/page-header";
import { DataSourceForm, type DataSourceFormValues } from "@/components/data-sources/data-source-form";

export default async function EditDataSourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  // Roles that cannot change data sources see the list, not a form they could not save.
  if (!roleCan(role, "edit")) redirect("/data-sources");
  const { id } = await params;
  const source = await getDataSource(workspace.id, id).catch((error) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  // Only settings and "is a secret stored" flags reach the browser, never a secret.
  const values: DataSourceFormValues = {
    ...(source.settings as Record<string, string | number | boolean>),
    type: source.type,
    name: source.name,
    description: source.description,
    environments: source.environments,
  };
  if ("port" in source.settings) values.port = String(source.settings.port);
  const production = source.production
    ? {
        values: {
          ...(source.production.settings as Record<string, string | number | boolean>),
          ...("port" in source.production.settings ? { port: String(source.production.settings.port) } : {}),
        },
        secretsSet: source.production.secretsSet,
      }
    : null;
  return (
    <div className="mx-auto max-w-3xl p-6">
      <nav className="mb-2 text-xs text-slate-500">
        <Link href="/data-sources" className="hover:underline">
          Data Source
        </Link>{" "}
        / {source.name}
      </nav>
      <PageHeader title={`Edit ${dataSourceTypeLabels[source.type]} data source`} />
      <DataSourceForm
        type={source.type}
        workspaceMode={workspace.mode}
        existing={{ id: source.id, values, secretsSet: source.secretsSet, production, lastTestWarning: source.lastTest?.warning ?? null }}
      />
    </div>
  );
}
