"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createTestInstance } from "@/lib/actions/create-test-instance";
import { Field, TextInput } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { instancePath } from "./instance-path";
import { useInstanceAction } from "./use-instance-action";

/** Test: choose a business date (yesterday in the workspace's time zone by default), then open the new test instance. */
export function TestInstanceDialog({ node, defaultBizdate, timeZone, onClose }: { node: { id: string; name: string; cycle: string | null }; defaultBizdate: string; timeZone: string; onClose: () => void }) {
  const [bizdate, setBizdate] = useState(defaultBizdate);
  const router = useRouter();
  const create = useInstanceAction(createTestInstance);
  const submit = () =>
    create.mutate(
      { nodeId: node.id, bizdate },
      { onSuccess: (result) => router.push(instancePath({ id: result.ok ? result.data.instanceId : "", kind: "test" })) },
    );
  return (
    <FormModal open title={`Test ${node.name}`} onClose={onClose} onSubmit={submit} submitLabel={create.isPending ? "Creating…" : "Run test"} pending={create.isPending}>
      <p className="text-sm text-slate-600">
        A test instance runs the node&apos;s deployed version now, with the parameters of the instance for this business date: <code className="font-mono">bizdate</code> as
        chosen and <code className="font-mono">cyctime</code> the next day at the node&apos;s time{node.cycle ? ` (${node.cycle})` : ""}, in {timeZone}.
      </p>
      <Field label="Business date" htmlFor="test-bizdate" required errors={create.error ? [create.error.message] : undefined}>
        <TextInput id="test-bizdate" type="date" value={bizdate} onChange={(event) => setBizdate(event.target.value)} invalid={Boolean(create.error)} className="w-48" />
      </Field>
    </FormModal>
  );
}
