import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { readInstanceDag } from "@/lib/data/instance-dag";
import { InstanceDagView } from "@/components/dag/instance-dag-view";

export const metadata = { title: "Instance DAG" };

export default async function InstanceDagPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { instanceId } = await params;
  const dag = await readInstanceDag({ workspaceId: workspace.id, instanceId }).catch((error: unknown) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <InstanceDagView initial={dag} />;
}
