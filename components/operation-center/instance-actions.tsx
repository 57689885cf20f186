"use client";
import Link from "next/link";
import { useState } from "react";
import { rerunInstance } from "@/lib/actions/rerun-instance";
import { rerunInstanceDownstream } from "@/lib/actions/rerun-instance-downstream";
import { setInstanceFrozen } from "@/lib/actions/set-instance-frozen";
import { setInstanceSucceeded } from "@/lib/actions/set-instance-succeeded";
import { stopInstance } from "@/lib/actions/stop-instance";
import type { InstanceSummary } from "@/lib/data/instances";
import { usePermissions } from "@/components/layout/permissions";
import { Button, buttonClass } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useInstanceAction } from "./use-instance-action";
import { formatBizdate } from "./zoned-time";

type Confirming = { title: string; body: string; label: string; run: () => void } | null;

/**
 * Rerun, Rerun Downstream, Set to Succeeded, Stop, Freeze / Unfreeze and the log of one
 * instance: only the actions its state offers; Rerun stays visible but disabled, with the
 * reason, when the node's Rerun property forbids it. `size` md on the instance page, sm in
 * the lists and the DAG's panel; `extra` adds links (the DAG) to the group.
 */
export function InstanceActions({ instance, size = "sm", extra }: { instance: InstanceSummary; size?: "sm" | "md"; extra?: React.ReactNode }) {
  const permissions = usePermissions();
  const rerun = useInstanceAction(rerunInstance);
  const rerunDown = useInstanceAction(rerunInstanceDownstream);
  const succeed = useInstanceAction(setInstanceSucceeded);
  const stop = useInstanceAction(stopInstance);
  const freeze = useInstanceAction(setInstanceFrozen);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const pending = rerun.isPending || rerunDown.isPending || succeed.isPending || stop.isPending || freeze.isPending;
  const error = rerun.error ?? rerunDown.error ?? succeed.error ?? stop.error ?? freeze.error;
  const reset = () => [rerun, rerunDown, succeed, stop, freeze].forEach((mutation) => mutation.reset());
  const input = { instanceId: instance.id };
  const ended = instance.status === "succeeded" || instance.status === "failed";
  const canSucceed = ["notRun", "waitingTime", "waitingResources", "failed"].includes(instance.status);
  const canStop = instance.status === "waitingResources" || instance.status === "running";
  const canFreeze = !instance.frozen && ["notRun", "waitingTime", "failed"].includes(instance.status);
  const label = `${instance.node.name} ${formatBizdate(instance.bizdate)}`;

  return (
    <div className="min-w-0">
      <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label={`Actions of ${label}`}>
        {instance.currentRunId ? (
          <Link href={`/runs/${instance.currentRunId}`} className={buttonClass("secondary", size)} title="The current attempt's run page, with its log">
            Log
          </Link>
        ) : null}
        {permissions.deploy && ended && (
          <Button
            size={size}
            disabled={pending || Boolean(instance.rerunRefusal)}
            title={instance.rerunRefusal ?? "Run it again, from now"}
            aria-description={instance.rerunRefusal ?? undefined}
            onClick={() => {
              reset();
              rerun.mutate(input);
            }}
          >
            Rerun
          </Button>
        )}
        {permissions.deploy && ended && instance.kind !== "test" && (
          <Button
            size={size}
            disabled={pending || Boolean(instance.rerunRefusal)}
            title={instance.rerunRefusal ?? "Rerun it, then every instance downstream of it in the same cycle, each after its parents"}
            aria-description={instance.rerunRefusal ?? undefined}
            onClick={() =>
              setConfirming({
                title: "Rerun Downstream",
                body: `Rerun the instance of ${instance.node.name} for business date ${formatBizdate(instance.bizdate)}, and set every instance downstream of it in the same cycle back to Not run? Each runs again once its parents have succeeded; one that fails keeps its own descendants waiting.`,
                label: "Rerun Downstream",
                run: () => rerunDown.mutate(input),
              })
            }
          >
            Rerun Downstream
          </Button>
        )}
        {permissions.deploy && canSucceed && (
          <Button
            size={size}
            disabled={pending}
            onClick={() =>
              setConfirming({
                title: "Set to Succeeded",
                body: `Mark the instance of ${instance.node.name} for business date ${formatBizdate(instance.bizdate)} as succeeded without running it? What waits on it may then run.`,
                label: "Set to Succeeded",
                run: () => succeed.mutate(input),
              })
            }
          >
            Set to Succeeded
          </Button>
        )}
        {permissions.deploy && canStop && (
          <Button
            size={size}
            variant="danger"
            disabled={pending}
            onClick={() =>
              setConfirming({
                title: "Stop",
                body: `Stop the instance of ${instance.node.name} for business date ${formatBizdate(instance.bizdate)}? Its run is stopped and the instance fails; it is not rerun automatically.`,
                label: "Stop",
                run: () => stop.mutate(input),
              })
            }
          >
            Stop
          </Button>
        )}
        {permissions.deploy && (canFreeze || instance.frozen) && (
          <Button
            size={size}
            disabled={pending}
            title={instance.frozen ? "Let it run when its time has come" : "Keep it from running until it is unfrozen"}
            onClick={() => {
              reset();
              freeze.mutate({ ...input, frozen: !instance.frozen });
            }}
          >
            {instance.frozen ? "Unfreeze" : "Freeze"}
          </Button>
        )}
        {extra}
      </div>
      {error && (
        <p role="alert" className="mt-1 max-w-xs text-xs text-red-600">
          {error.message}
        </p>
      )}
      <Modal
        open={confirming !== null}
        title={confirming?.title ?? ""}
        onClose={() => setConfirming(null)}
        footer={
          <>
            <Button onClick={() => setConfirming(null)}>Cancel</Button>
            <Button
              variant={confirming?.label === "Stop" ? "danger" : "primary"}
              onClick={() => {
                reset();
                confirming?.run();
                setConfirming(null);
              }}
            >
              {confirming?.label}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">{confirming?.body}</p>
      </Modal>
    </div>
  );
}
