import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { getRunDetail } from "@/lib/data/runs";
import { RunView } from "@/components/runs/run-view";

export const metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { runId } = await params;
  const run = await getRunDetail(workspace.id, runId).catch((error: unknown) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <RunView initial={run} />;
}
