"use client";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteSyncNode } from "@/lib/actions/delete-sync-node";
import { deleteWorkflow } from "@/lib/actions/delete-workflow";
import { describeWorkflow } from "@/lib/actions/describe-workflow";
import { Button } from "@/components/ui/button";
import { usePermissions } from "@/components/layout/permissions";
import { Modal } from "@/components/ui/modal";
import { CreateNodeDialog } from "./create-node-dialog";
import { WorkflowFormDialog } from "./workflow-form-dialog";

type Tree = { id: string; name: string; description: string; nodes: { id: string; name: string; type: string }[] }[];

export function WorkflowTree({ workflows }: { workflows: Tree }) {
  const router = useRouter();
  const params = useParams<{ nodeId?: string }>();
  const [collapsed, setCollapsed] = useState<Record<string, boolean>>({});
  const [creatingWorkflow, setCreatingWorkflow] = useState(false);
  const [renaming, setRenaming] = useState<Tree[number] | null>(null);
  const [nodeDialog, setNodeDialog] = useState<{ workflowId?: string } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string; nodes: number; runs: number } | null>(null);
  const [deleteError, setDeleteError] = useState("");
  const [deletingNode, setDeletingNode] = useState<{ id: string; name: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const permissions = usePermissions();

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2.5">
        <h2 className="text-xs font-semibold uppercase tracking-wider text-slate-500">Workflows</h2>
        {permissions.edit && (
          <div className="flex gap-1">
            <Button size="sm" variant="ghost" onClick={() => setCreatingWorkflow(true)} title="Create workflow">
              + Workflow
            </Button>
          </div>
        )}
      </div>
      {permissions.edit && (
        <div className="px-3 py-2">
          <Button size="sm" variant="primary" className="w-full" onClick={() => setNodeDialog({})}>
            New Batch Sync Node
          </Button>
        </div>
      )}
      <ul className="flex-1 overflow-y-auto px-2 pb-4 text-sm" aria-label="Workflows and nodes">
        {workflows.length === 0 && (
          <li className="px-2 py-6 text-center text-xs text-slate-500">
            No workflows yet. Create one, or create a node and name its workflow.
          </li>
        )}
        {workflows.map((workflow) => (
          <li key={workflow.id} className="mb-0.5">
            <div className="group flex items-center gap-1 rounded-md px-1.5 py-1 hover:bg-slate-100">
              <button
                type="button"
                aria-expanded={!collapsed[workflow.id]}
                aria-label={`${collapsed[workflow.id] ? "Expand" : "Collapse"} ${workflow.name}`}
                className="w-4 text-xs text-slate-400"
                onClick={() => setCollapsed({ ...collapsed, [workflow.id]: !collapsed[workflow.id] })}
              >
                {collapsed[workflow.id] ? "▸" : "▾"}
              </button>
              <span aria-hidden className="text-amber-500">▰</span>
              <span className="flex-1 truncate font-medium text-slate-800" title={workflow.description || workflow.name}>
                {workflow.name}
              </span>
              <span className={permissions.edit ? "hidden gap-0.5 group-hover:flex group-focus-within:flex" : "hidden"}>
                <button type="button" className="rounded px-1 text-xs text-brand-600 hover:bg-white" onClick={() => setNodeDialog({ workflowId: workflow.id })} title="New Batch Sync Node here">
                  + Node
                </button>
                <button type="button" className="rounded px-1 text-xs text-slate-600 hover:bg-white" onClick={() => setRenaming(workflow)}>
                  Rename
                </button>
                <button
                  type="button"
                  className="rounded px-1 text-xs text-red-600 hover:bg-white"
                  onClick={() =>
                    startTransition(async () => {
                      setDeleteError("");
                      const result = await describeWorkflow({ id: workflow.id });
                      if (result.ok) setDeleting({ id: workflow.id, ...result.data });
                    })
                  }
                >
                  Delete
                </button>
              </span>
            </div>
            {!collapsed[workflow.id] && (
              <ul className="ml-6 border-l border-slate-200 pl-2">
                {workflow.nodes.length === 0 && <li className="px-2 py-1 text-xs text-slate-400">No nodes</li>}
                {workflow.nodes.map((node) => (
                  <li key={node.id} className="group/node relative">
                    <Link
                      href={`/workflows/nodes/${node.id}`}
                      aria-current={params.nodeId === node.id ? "page" : undefined}
                      className={`flex items-center gap-2 rounded-md px-2 py-1 pr-12 ${
                        params.nodeId === node.id ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"
                      }`}
                    >
                      <span aria-hidden className="rounded bg-brand-100 px-1 text-[10px] font-bold text-brand-700">DI</span>
                      <span className="truncate">{node.name}</span>
                    </Link>
                    {permissions.edit && (
                      <button
                        type="button"
                        aria-label={`Delete node ${node.name}`}
                        className="absolute right-1 top-1 hidden rounded px-1 text-xs text-red-600 hover:bg-white group-hover/node:block group-focus-within/node:block"
                        onClick={() => {
                          setDeleteError("");
                          setDeletingNode(node);
                        }}
                      >
                        Delete
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>

      {creatingWorkflow && (
        <WorkflowFormDialog
          open
          onClose={() => setCreatingWorkflow(false)}
          onSaved={() => {
            setCreatingWorkflow(false);
            router.refresh();
          }}
        />
      )}
      {renaming && (
        <WorkflowFormDialog
          open
          existing={renaming}
          onClose={() => setRenaming(null)}
          onSaved={() => {
            setRenaming(null);
            router.refresh();
          }}
        />
      )}
      {nodeDialog && (
        <CreateNodeDialog open workflows={workflows} defaultWorkflowId={nodeDialog.workflowId} onClose={() => setNodeDialog(null)} />
      )}
      <Modal
        open={Boolean(deletingNode)}
        title={`Delete node ${deletingNode?.name ?? ""}?`}
        onClose={() => setDeletingNode(null)}
        footer={
          <>
            <Button onClick={() => setDeletingNode(null)}>Cancel</Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await deleteSyncNode({ id: deletingNode!.id });
                  if (!result.ok) {
                    setDeleteError(result.message);
                    return;
                  }
                  const wasOpen = params.nodeId === deletingNode!.id;
                  setDeletingNode(null);
                  if (wasOpen) router.push("/workflows");
                  router.refresh();
                })
              }
            >
              Delete node
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">The node, its saved versions and its run history are deleted. This cannot be undone.</p>
        {deleteError && <p role="alert" className="mt-3 text-sm text-red-600">{deleteError}</p>}
      </Modal>
      <Modal
        open={Boolean(deleting)}
        title={`Delete workflow ${deleting?.name ?? ""}?`}
        onClose={() => setDeleting(null)}
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>Cancel</Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await deleteWorkflow({ id: deleting!.id });
                  if (!result.ok) {
                    setDeleteError(result.message);
                    return;
                  }
                  setDeleting(null);
                  router.push("/workflows");
                  router.refresh();
                })
              }
            >
              Delete workflow
            </Button>
          </>
        }
      >
        {deleting && (
          <p className="text-sm text-slate-600">
            {deleting.nodes === 0
              ? "This workflow is empty."
              : `This deletes its ${deleting.nodes} node${deleting.nodes === 1 ? "" : "s"}${
                  deleting.runs ? ` and their ${deleting.runs} run${deleting.runs === 1 ? "" : "s"} of history` : ""
                }.`}{" "}
            This cannot be undone.
          </p>
        )}
        {deleteError && <p role="alert" className="mt-3 text-sm text-red-600">{deleteError}</p>}
      </Modal>
    </div>
  );
}
