"use client";
import { useState, useTransition } from "react";
import { testGroupConnectivity, type GroupConnectivityAnswer } from "@/lib/actions/test-group-connectivity";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, SelectInput } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";

export type DataSourceOption = { id: string; name: string; typeLabel: string };

/** "Test connectivity" from a resource group: the check runs on one of the group's workers. */
export function GroupConnectivityDialog({
  group,
  dataSources,
  onClose,
}: {
  group: { id: string; name: string; workersOnline: number };
  dataSources: DataSourceOption[];
  onClose: () => void;
}) {
  const [dataSourceId, setDataSourceId] = useState(dataSources[0]?.id ?? "");
  const [answer, setAnswer] = useState<GroupConnectivityAnswer | null>(null);
  const [error, setError] = useState("");
  const [pending, startTransition] = useTransition();

  function test() {
    setAnswer(null);
    setError("");
    startTransition(async () => {
      const result = await testGroupConnectivity({ resourceGroupId: group.id, dataSourceId });
      if (result.ok) setAnswer(result.data);
      else setError(result.message);
    });
  }

  return (
    <Modal
      open
      onClose={onClose}
      title={`Test connectivity from ${group.name}`}
      width="max-w-xl"
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant="primary" onClick={test} disabled={pending || !dataSourceId}>
            {pending ? "Testing on a worker…" : "Test connectivity"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          The check runs on one of this group&apos;s workers, from its machine and network, the way a run of the group would reach the data source.
          {group.workersOnline === 0 && <span className="text-amber-700"> No worker of this group is online right now.</span>}
        </p>
        <Field label="Data source" htmlFor="check-data-source" required>
          {dataSources.length ? (
            <SelectInput id="check-data-source" value={dataSourceId} onChange={(e) => setDataSourceId(e.target.value)}>
              {dataSources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name} ({source.typeLabel})
                </option>
              ))}
            </SelectInput>
          ) : (
            <p className="pt-2 text-sm text-slate-500">This workspace has no data sources yet.</p>
          )}
        </Field>
        {answer && (
          <div role="status" className={`rounded-md border px-3 py-2 text-sm ${answer.ok ? "border-emerald-200 bg-emerald-50" : "border-red-200 bg-red-50"}`}>
            <div className="mb-1 flex items-center gap-2">
              <Badge tone={answer.ok ? "green" : "red"}>{answer.ok ? "Connected" : "Failed"}</Badge>
              <span className="text-xs text-slate-500">
                {answer.workerHost ? `from worker ${answer.workerHost}` : "no worker answered"} · {(answer.elapsedMs / 1000).toFixed(1)} s
              </span>
            </div>
            <p className={answer.ok ? "text-emerald-800" : "text-red-700"}>{answer.message}</p>
          </div>
        )}
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
