"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { startRun } from "@/lib/actions/start-run";
import { listJobSpecParameters, type JobSpecInput } from "@/lib/sync-engine/job-spec";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { nodeKeys } from "./queries/node-keys";

function yesterdayIso() {
  const day = new Date(Date.now() - 24 * 3600 * 1000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

/** Run asks for the values of the parameters the node uses; bizdate defaults to yesterday. */
export function RunNodeDialog({
  nodeId,
  spec,
  nodeArguments,
  onClose,
}: {
  nodeId: string;
  spec: unknown;
  nodeArguments: string;
  onClose: () => void;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const parameters = useMemo(() => {
    const listed = listJobSpecParameters(spec as JobSpecInput, { nodeArguments });
    // Date parameters all derive from the business date: ask for it once.
    const names = new Set(listed.map((p) => (p.kind === "custom" ? p.name : "bizdate")));
    return [...names].map((name) => ({ name, expressions: listed.filter((p) => (p.kind === "custom" ? p.name : "bizdate") === name).flatMap((p) => p.expressions) }));
  }, [spec, nodeArguments]);
  const [values, setValues] = useState<Record<string, string>>({ bizdate: yesterdayIso() });
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  function submit() {
    const payload: Record<string, string> = {};
    for (const { name } of parameters) {
      const value = (values[name] ?? "").trim();
      if (!value) continue;
      payload[name] = name === "bizdate" ? value.replaceAll("-", "") : value;
    }
    startTransition(async () => {
      const result = await startRun({ nodeId, parameters: payload });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: nodeKeys.activeRun(nodeId) });
      router.push(`/runs/${result.data.runId}`);
    });
  }

  return (
    <Modal
      open
      title="Run the node"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={submit} disabled={pending}>
            {pending ? "Queuing…" : "Run"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {parameters.length === 0 ? (
          <p className="text-sm text-slate-600">This node uses no scheduling parameters. It runs on its resource group as soon as a slot is free.</p>
        ) : (
          <p className="text-sm text-slate-600">Values for the parameters this node uses. The run is queued on its resource group.</p>
        )}
        {parameters.map((parameter) => (
          <Field
            key={parameter.name}
            label={parameter.name}
            htmlFor={`parameter-${parameter.name}`}
            errors={errors[`parameters.${parameter.name}`]}
            hint={`Used as ${parameter.expressions.join(", ")}`}
          >
            <TextInput
              id={`parameter-${parameter.name}`}
              type={parameter.name === "bizdate" ? "date" : "text"}
              value={values[parameter.name] ?? ""}
              onChange={(event) => setValues({ ...values, [parameter.name]: event.target.value })}
            />
          </Field>
        ))}
        {message && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {message}
          </p>
        )}
      </div>
    </Modal>
  );
}
