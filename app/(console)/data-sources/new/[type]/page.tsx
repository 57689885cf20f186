import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { dataSourceTypeLabels, dataSourceTypes, type DataSourceTypeName } from "@/lib/schemas/data-source";
import { PageHeader } from "@/components/ui/page-header";
import { DataSourceForm } from "@/components/data-sources/data-source-form";

export default async function NewDataSourcePage({ params }: { params: Promise<{ type: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  // Roles that cannot change data sources see the list, not a form they could not save.
  if (!roleCan(role, "edit")) redirect("/data-sources");
  const { type } = await params;
  if (!dataSourceTypes.includes(type as DataSourceTypeName)) notFound();
  const label = dataSourceTypeLabels[type as DataSourceTypeName];
  return (
    <div className="mx-auto max-w-3xl p-6">
      <nav className="mb-2 text-xs text-slate-500">
        <Link href="/data-sources" className="hover:underline">
          Data Source
        </Link>{" "}
        / New
      </nav>
      <PageHeader
        title={`Add ${label} data source`}
        description={
          type === "holo"
            ? "Hologres data sources receive data. SDK (Fast write) needs an exclusive resource group."
            : type === "odps"
              ? "MaxCompute data sources are read through the Tunnel service."
              : `${label} data sources are read by table (with where and splitPk) or by a querySql. The password is sealed and stays bound to the host, port, database and user.`
        }
      />
      <DataSourceForm type={type as DataSourceTypeName} workspaceMode={workspace.mode} />
    </div>
  );
}
