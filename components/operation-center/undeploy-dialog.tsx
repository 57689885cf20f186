"use client";
import { undeployNode } from "@/lib/actions/undeploy-node";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useInstanceAction } from "./use-instance-action";

/**
 * Undeploy's confirmation: what taking the node out of production does, then the refusal
 * (the nodes that depend on it) in the dialog if there is one.
 */
export function UndeployDialog({ node, onClose }: { node: { id: string; name: string; deployedVersion: number }; onClose: () => void }) {
  const undeploy = useInstanceAction(undeployNode);
  return (
    <Modal
      open
      title={`Undeploy ${node.name}?`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" disabled={undeploy.isPending} onClick={() => undeploy.mutate({ nodeId: node.id }, { onSuccess: onClose })}>
            {undeploy.isPending ? "Undeploying…" : "Undeploy"}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <p>
          Version {node.deployedVersion} of <strong className="text-slate-800">{node.name}</strong> leaves production:
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>the scheduler generates no more instances for it;</li>
          <li>its instances that have not started run as dry runs at their time (succeeded, nothing synced);</li>
          <li>an attempt already queued or running finishes.</li>
        </ul>
        <p>Its commits stay. To schedule it again, commit it and deploy it.</p>
        {undeploy.error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-700">
            {undeploy.error.message}
          </p>
        )}
      </div>
    </Modal>
  );
}
