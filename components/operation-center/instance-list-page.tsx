import { requireConsoleContext } from "@/lib/auth/current-user";
import { listInstanceNodeOptions, listInstances } from "@/lib/data/instances";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceListFilterSchema, type ListedInstanceKind } from "@/lib/schemas/instance";
import { PageHeader } from "@/components/ui/page-header";
import { InstanceFilters } from "./instance-filters";
import { InstanceTable } from "./instance-table";

/** Auto Triggered Instances and Test Instances: the same page over another kind. */
export async function InstanceListPage({
  kind,
  path,
  title,
  description,
  searchParams,
}: {
  kind: ListedInstanceKind;
  path: string;
  title: string;
  description: string;
  searchParams: Promise<Record<string, string>>;
}) {
  const { workspace } = await requireConsoleContext();
  const filter = instanceListFilterSchema.parse(await searchParams);
  const [list, nodes] = await Promise.all([
    listInstances({ workspaceId: workspace.id, kind, filter, now: schedulerNow() }),
    listInstanceNodeOptions(workspace.id, kind),
  ]);
  return (
    <div className="p-6">
      <PageHeader title={title} description={description} />
      <InstanceFilters path={path} filter={filter} nodes={nodes} />
      <InstanceTable kind={kind} path={path} filter={filter} initial={list} />
    </div>
  );
}
