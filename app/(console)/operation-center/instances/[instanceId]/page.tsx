import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { getInstanceDetail } from "@/lib/data/instances";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { InstanceView } from "@/components/operation-center/instance-view";

export const metadata = { title: "Instance" };

export default async function InstancePage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { instanceId } = await params;
  const instance = await getInstanceDetail(workspace.id, instanceId, schedulerNow()).catch((error: unknown) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <InstanceView initial={instance} />;
}
