import Link from "next/link";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { listDeployCandidates } from "@/lib/data/node-versions";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { DeployList } from "@/components/scheduling/deploy-list";

export const metadata = { title: "Deploy" };

export default async function DeployPage() {
  const { workspace, role } = await requireConsoleContext();
  if (workspace.mode === "basic") {
    return (
      <div className="mx-auto max-w-5xl space-y-6 p-6">
        <PageHeader title="Deploy" description={`${workspace.displayName} is a basic-mode workspace: Commit deploys at once, so nothing waits here.`} />
        <p className="text-sm text-slate-600">
          Commit a node from its page (<Link className="text-brand-600 hover:underline" href="/workflows">Sync Nodes</Link>); its Versions panel shows what is in production.
        </p>
      </div>
    );
  }
  const candidates = await listDeployCandidates(workspace.id);
  return (
    <div className="mx-auto max-w-6xl space-y-6 p-6">
      <PageHeader
        title="Deploy"
        description="Committed versions waiting to go into production, one per node (its newest commit). Deploying makes a version production; the scheduler then generates its instances."
      />
      <DeployList
        canDeploy={roleCan(role, "deploy")}
        candidates={candidates.map((candidate) => ({
          node: candidate.node,
          version: {
            id: candidate.version.id,
            version: candidate.version.version,
            changeType: candidate.version.changeType,
            description: candidate.version.description,
            committedBy: candidate.version.committedBy,
            committedAt: formatDateTime(candidate.version.committedAt),
            content: { jobSpec: candidate.version.jobSpec, arguments: candidate.version.arguments, scheduling: candidate.version.scheduling, resourceGroup: candidate.version.resourceGroup },
          },
          production: candidate.production
            ? { title: `Production (version ${candidate.production.version})`, jobSpec: candidate.production.jobSpec, arguments: candidate.production.arguments, scheduling: candidate.production.scheduling, resourceGroup: candidate.production.resourceGroup }
            : null,
        }))}
      />
    </div>
  );
}
