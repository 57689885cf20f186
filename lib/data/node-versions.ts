import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ConsoleError } from "@/lib/console-error";
import { dataSourceProblemsInWorkspace } from "@/lib/data/data-sources";
import { saveSyncNode, type SavedVersion } from "@/lib/data/workflows";
import { changeTypeOf, commitProblems, committedScheduling, deployRefusal, type CommitProblem } from "@/lib/scheduling/commit-deploy";
import { lockWorkspaceDependencies, refuseIfDependedOn } from "@/lib/data/node-dependents";
import { dependencyProblems, graphProblems } from "@/lib/scheduling/dependency-graph";
import { deployedEdgeNodes, edgeNodeOf } from "@/lib/scheduling/instance-edges";
import { workspaceTimeZone } from "@/lib/scheduling/instance-parameters";
import { nodeNameOutput, nodeOutputs } from "@/lib/scheduling/node-dependencies";

/** A refused commit: every problem found, so the wizard lists them as Run does. */
export class CommitRefused extends ConsoleError {
  constructor(readonly problems: CommitProblem[]) {
    super("INVALID", `Not committed: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}`, "commit");
  }
}

export type CommittedVersion = {
  id: string;
  version: number;
  changeType: "create" | "change";
  description: string;
  committedBy: string;
  committedAt: Date;
  deployedBy: string | null;
  deployedAt: Date | null;
};

// Commits, deploys and undeploys of one workspace wait for each other's dependency lock.
const dependencyTransaction = { maxWait: 10_000, timeout: 60_000 };

const versionFields = { id: true, version: true, changeType: true, description: true, committedBy: true, committedAt: true, deployedBy: true, deployedAt: true } as const;

/**
 * Commits the node as saved: the Run checks and the scheduling checks on the saved draft,
 * then a NodeVersion with a copy of everything production needs. `savedVersion` is the
 * saved version the committer looked at; a newer save is refused (commit what you saw).
 * In a basic-mode workspace the version is deployed in the same transaction.
 */
export async function commitNode(input: { workspaceId: string; nodeId: string; savedVersion: number; description: string; committedBy: string; now?: Date }): Promise<CommittedVersion & { deployed: boolean }> {
  const node = await db.syncNode.findFirst({
    where: { id: input.nodeId, workflow: { workspaceId: input.workspaceId } },
    select: {
      id: true,
      name: true,
      jobSpec: true,
      arguments: true,
      scheduling: true,
      resourceGroupId: true,
      workflow: { select: { workspace: { select: { name: true, mode: true, schedulingTimeZone: true } } } },
    },
  });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const workspace = node.workflow.workspace;
  const problems = commitProblems({ jobSpec: node.jobSpec, arguments: node.arguments, scheduling: node.scheduling, timeZone: workspaceTimeZone(workspace), now: input.now });
  const sourceProblems = await dataSourceProblemsInWorkspace(input.workspaceId, node.jobSpec);
  problems.push(...sourceProblems.map((problem) => ({ path: problem.path, message: problem.message })));
  if (problems.length) throw new CommitRefused(problems);
  const scheduling = committedScheduling(node.scheduling);
  // The node-name output is fixed at the first commit that has none, so a later rename keeps it.
  scheduling.dependencies.outputs ??= [nodeNameOutput(workspace.name, node.name)];
  const deploy = workspace.mode === "basic";

  return db.$transaction(async (tx) => {
    // Checked against the deployed graph under the workspace's dependency lock: two commits
    // racing to close a cycle (a -> b, b -> a) take turns, and the second sees the first's.
    await lockWorkspaceDependencies(tx, input.workspaceId);
    const dependencyRefusals = dependencyProblems({
      workspaceName: workspace.name,
      node: { id: node.id, name: node.name, outputs: nodeOutputs({ workspaceName: workspace.name, nodeId: node.id, nodeName: node.name, dependencies: scheduling.dependencies }), inputs: scheduling.dependencies.inputs },
      deployed: await deployedEdgeNodes(input.workspaceId, tx),
    });
    if (dependencyRefusals.length) throw new CommitRefused(dependencyRefusals);
    // The same lock as Save and Deploy: a save cannot slip in between the check of the
    // saved version and the copy, and two commits number their versions one after the other.
    await tx.$queryRaw`SELECT id FROM "SyncNode" WHERE id = ${node.id} FOR UPDATE`;
    const [latestSave, current, commits, latestCommit] = await Promise.all([
      tx.syncNodeVersion.findFirst({ where: { nodeId: node.id }, orderBy: { version: "desc" }, select: { version: true, savedBy: true, savedAt: true } }),
      tx.syncNode.findUniqueOrThrow({ where: { id: node.id }, select: { jobSpec: true, arguments: true, resourceGroupId: true } }),
      tx.nodeVersion.count({ where: { nodeId: node.id } }),
      tx.nodeVersion.findFirst({ where: { nodeId: node.id }, orderBy: { version: "desc" }, select: { version: true } }),
    ]);
    if (latestSave && latestSave.version !== input.savedVersion) {
      throw new ConsoleError(
        "CONFLICT",
        `Version ${latestSave.version} was saved by ${latestSave.savedBy} after the version you are committing (${input.savedVersion}). Reload the node, check it, and commit again.`,
        "savedVersion",
      );
    }
    const now = schedulerNow();
    const created = await tx.nodeVersion.create({
      data: {
        nodeId: node.id,
        version: (latestCommit?.version ?? 0) + 1,
        changeType: changeTypeOf(commits),
        description: input.description,
        jobSpec: current.jobSpec as object,
        arguments: current.arguments,
        scheduling,
        resourceGroupId: current.resourceGroupId,
        committedBy: input.committedBy,
        committedAt: now,
        ...(deploy ? { deployedBy: input.committedBy, deployedAt: now } : {}),
      },
      select: versionFields,
    });
    if (deploy) await tx.syncNode.update({ where: { id: node.id }, data: { deployedVersionId: created.id } });
    return { ...created, deployed: deploy };
  }, dependencyTransaction);
}

/** The committed versions of a node, newest first, with what each holds (for Compare and Roll Back). */
export async function listNodeCommits(workspaceId: string, nodeId: string) {
  const node = await db.syncNode.findFirst({ where: { id: nodeId, workflow: { workspaceId } }, select: { deployedVersionId: true } });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const versions = await db.nodeVersion.findMany({
    where: { nodeId },
    orderBy: { version: "desc" },
    take: 50,
    select: { ...versionFields, jobSpec: true, arguments: true, scheduling: true, resourceGroupId: true },
  });
  const groupIds = [...new Set(versions.map((version) => version.resourceGroupId).filter((id): id is string => Boolean(id)))];
  const groups = new Map((await db.resourceGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } })).map((group) => [group.id, group.name]));
  return {
    deployedVersionId: node.deployedVersionId,
    versions: versions.map(({ resourceGroupId, ...version }) => ({ ...version, resourceGroup: resourceGroupId ? (groups.get(resourceGroupId) ?? "(deleted group)") : null })),
  };
}

export type DeployCandidate = {
  node: { id: string; name: string; workflowName: string };
  version: CommittedVersion & { jobSpec: unknown; arguments: string; scheduling: unknown; resourceGroup: string | null };
  production: { version: number; jobSpec: unknown; arguments: string; scheduling: unknown; resourceGroup: string | null } | null;
};

/**
 * The Deploy page: per node of the workspace whose newest commit is not deployed, that
 * commit next to the production version (null for a node never deployed). Older
 * undeployed commits are not offered: their newest commit replaces them.
 */
export async function listDeployCandidates(workspaceId: string): Promise<DeployCandidate[]> {
  const nodes = await db.syncNode.findMany({
    where: { workflow: { workspaceId }, commits: { some: { deployedAt: null } } },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      workflow: { select: { name: true } },
      commits: { orderBy: { version: "desc" }, take: 1, select: { ...versionFields, jobSpec: true, arguments: true, scheduling: true, resourceGroupId: true } },
      deployedVersion: { select: { version: true, jobSpec: true, arguments: true, scheduling: true, resourceGroupId: true } },
    },
  });
  const groupIds = nodes.flatMap((node) => [node.commits[0]?.resourceGroupId, node.deployedVersion?.resourceGroupId]).filter((id): id is string => Boolean(id));
  const groups = new Map((await db.resourceGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } })).map((group) => [group.id, group.name]));
  const groupName = (id: string | null) => (id ? (groups.get(id) ?? "(deleted group)") : null);
  return nodes
    .filter((node) => node.commits[0] && !node.commits[0].deployedAt)
    .map((node) => {
      const { resourceGroupId, ...version } = node.commits[0]!;
      const production = node.deployedVersion;
      return {
        node: { id: node.id, name: node.name, workflowName: node.workflow.name },
        version: { ...version, resourceGroup: groupName(resourceGroupId) },
        production: production
          ? { version: production.version, jobSpec: production.jobSpec, arguments: production.arguments, scheduling: production.scheduling, resourceGroup: groupName(production.resourceGroupId) }
          : null,
      };
    });
}

/**
 * Deploys committed versions: each becomes its node's production version, all or none in
 * one transaction. Each update says what it expects (not deployed yet, still the node's
 * newest commit), under the node's row lock, so of two deploys of one version only one
 * wins and the other is told who deployed it. Instances are not generated here: the
 * scheduler sees the new production version (lib/scheduling/README.md).
 */
export async function deployNodeVersions(input: { workspaceId: string; versionIds: string[]; deployedBy: string }): Promise<{ deployed: { nodeName: string; version: number }[] }> {
  if (input.versionIds.length === 0) {
    throw new ConsoleError("INVALID", "Nothing to deploy: commit a node first, then choose its version here.", "versionIds");
  }
  return db.$transaction(async (tx) => {
    await lockWorkspaceDependencies(tx, input.workspaceId);
    const versions = await tx.nodeVersion.findMany({
      where: { id: { in: input.versionIds }, node: { workflow: { workspaceId: input.workspaceId } } },
      select: { id: true, nodeId: true, version: true, scheduling: true, node: { select: { name: true, workflow: { select: { workspace: { select: { name: true } } } } } } },
      orderBy: { nodeId: "asc" },
    });
    if (versions.length !== new Set(input.versionIds).size) {
      throw new ConsoleError("NOT_FOUND", "A chosen version no longer exists in this workspace (its node was deleted?). Reload the Deploy page.", "versionIds");
    }
    if (new Set(versions.map((version) => version.nodeId)).size !== versions.length) {
      throw new ConsoleError("INVALID", "Choose one version per node: only a node's newest commit can be deployed.", "versionIds");
    }
    await refuseBrokenProductionGraph(tx, input.workspaceId, versions);
    const now = schedulerNow();
    const deployed: { nodeName: string; version: number }[] = [];
    // Locked in one order (by node id), so two deploys of overlapping nodes cannot deadlock.
    for (const version of versions) {
      await tx.$queryRaw`SELECT id FROM "SyncNode" WHERE id = ${version.nodeId} FOR UPDATE`;
      const [current, newest] = await Promise.all([
        tx.nodeVersion.findUniqueOrThrow({ where: { id: version.id }, select: { deployedAt: true, deployedBy: true } }),
        tx.nodeVersion.findFirstOrThrow({ where: { nodeId: version.nodeId }, orderBy: { version: "desc" }, select: { version: true } }),
      ]);
      const refusal = deployRefusal({ version: version.version, deployedAt: current.deployedAt, newestVersion: newest.version, nodeName: version.node.name });
      if (refusal) throw new ConsoleError("CONFLICT", current.deployedBy ? `${refusal.replace(/\.$/, "")} (by ${current.deployedBy}). Reload the Deploy page.` : `${refusal} Reload the Deploy page.`, "versionIds");
      const updated = await tx.nodeVersion.updateMany({ where: { id: version.id, deployedAt: null }, data: { deployedAt: now, deployedBy: input.deployedBy } });
      if (updated.count !== 1) throw new ConsoleError("CONFLICT", `Version ${version.version} of node "${version.node.name}" was deployed by someone else just now. Reload the Deploy page.`, "versionIds");
      await tx.syncNode.update({ where: { id: version.nodeId }, data: { deployedVersionId: version.id } });
      deployed.push({ nodeName: version.node.name, version: version.version });
    }
    return { deployed };
  }, dependencyTransaction);
}

/**
 * Deploy's dependency check: the deployed graph with these versions in it must have no
 * cycle, no input nobody outputs and no output twice. Commit checked each version against
 * production as it was then; production may have changed since (another deploy), and in
 * standard mode two commits that each passed can close a cycle together.
 */
async function refuseBrokenProductionGraph(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  versions: { nodeId: string; scheduling: unknown; node: { name: string; workflow: { workspace: { name: string } } } }[],
): Promise<void> {
  if (!versions.length) return;
  const workspaceName = versions[0]!.node.workflow.workspace.name;
  const changed = versions.flatMap((version) => {
    const node = edgeNodeOf({ id: version.nodeId, name: version.node.name, workspaceName, scheduling: version.scheduling as Record<string, unknown> | null });
    return node ? [node] : [];
  });
  const problems = graphProblems({ workspaceName, changed, deployed: await deployedEdgeNodes(workspaceId, tx) });
  if (problems.length) {
    const text = [...new Set(problems.map((problem) => `node "${problem.nodeName}": ${problem.message}`))].join("; ");
    throw new ConsoleError("CONFLICT", `Not deployed: ${text}`, "versionIds");
  }
}

/**
 * Roll Back (DataWorks' Versions tab): the chosen committed version's content becomes the
 * draft as a new save, on the saved version the editor was based on; production changes
 * only when that is committed and deployed, as any other edit.
 */
export async function rollBackToVersion(input: { workspaceId: string; nodeId: string; versionId: string; baseVersion: number | null; savedBy: string }): Promise<SavedVersion & { from: number }> {
  const version = await db.nodeVersion.findFirst({
    where: { id: input.versionId, nodeId: input.nodeId, node: { workflow: { workspaceId: input.workspaceId } } },
    select: { version: true, jobSpec: true, arguments: true, scheduling: true, resourceGroupId: true },
  });
  if (!version) throw new ConsoleError("NOT_FOUND", "This version does not exist for this node.");
  const saved = await saveSyncNode(
    input.workspaceId,
    {
      nodeId: input.nodeId,
      baseVersion: input.baseVersion,
      jobSpec: version.jobSpec as Record<string, unknown>,
      arguments: version.arguments,
      resourceGroupId: version.resourceGroupId,
      scheduling: committedScheduling(version.scheduling),
    },
    input.savedBy,
  );
  return { ...saved, from: version.version };
}

export const undeployedDryRunReason = "Node undeployed";

/**
 * Undeploy (DataWorks' Operation Center > Auto Triggered Nodes > Undeploy): the node leaves
 * production. It is no longer scheduled (no instance is generated for it from now on), and
 * its instances that have not started run as dry runs (DataWorks sets them to zero load:
 * succeeded at their time without running), each saying who undeployed the node; an
 * attempt already queued or running finishes. Refused while deployed nodes depend on it,
 * naming them (DataWorks undeploys only nodes without descendants). Its commits stay: to
 * put it back, commit it again (and deploy, in standard mode).
 */
export async function undeployNode(input: { workspaceId: string; nodeId: string; undeployedBy: string }): Promise<{ nodeName: string; version: number; dryRuns: number }> {
  return db.$transaction(async (tx) => {
    // The dependency lock: a commit cannot make a node depend on this one between the check and the undeploy.
    await lockWorkspaceDependencies(tx, input.workspaceId);
    const node = await tx.syncNode.findFirst({
      where: { id: input.nodeId, workflow: { workspaceId: input.workspaceId } },
      select: { id: true, name: true, deployedVersion: { select: { version: true } } },
    });
    if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
    if (!node.deployedVersion) throw new ConsoleError("CONFLICT", `Node "${node.name}" is not deployed (someone undeployed it already?). Reload the page.`);
    await refuseIfDependedOn({ tx, workspaceId: input.workspaceId, nodeIds: [node.id], what: `Node "${node.name}"`, action: "undeployed" });
    await tx.syncNode.update({ where: { id: node.id }, data: { deployedVersionId: null } });
    const dryRuns = await tx.instance.updateMany({
      where: { nodeId: node.id, status: { in: ["notRun", "waitingTime"] }, dryRun: false },
      data: { dryRun: true, dryRunReason: undeployedDryRunReason, message: `${input.undeployedBy} undeployed the node at ${schedulerNow().toISOString()}: this instance runs as a dry run.` },
    });
    return { nodeName: node.name, version: node.deployedVersion.version, dryRuns: dryRuns.count };
  }, dependencyTransaction);
}
