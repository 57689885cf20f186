"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createSyncNode } from "@/lib/actions/create-sync-node";
import { createWorkflow } from "@/lib/actions/create-workflow";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { createSyncNodeFormSchema, syncNodeTypeLabels, syncNodeTypes, workflowFormSchema } from "@/lib/schemas/workflow";
import { Field, SelectInput, TextInput } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";

/** DataWorks' Create Node dialog: Node Type, Node Name, Location. */
export function CreateNodeDialog({
  open,
  onClose,
  workflows,
  defaultWorkflowId,
}: {
  open: boolean;
  onClose: () => void;
  workflows: { id: string; name: string }[];
  defaultWorkflowId?: string;
}) {
  const router = useRouter();
  const [nodeType, setNodeType] = useState<(typeof syncNodeTypes)[number]>("batch_sync");
  const [name, setName] = useState("");
  const [workflowId, setWorkflowId] = useState(defaultWorkflowId ?? workflows[0]?.id ?? "");
  const [newWorkflowName, setNewWorkflowName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();
  const needsWorkflow = workflows.length === 0;

  function submit() {
    const found: FieldErrors = {};
    if (needsWorkflow) {
      const workflow = workflowFormSchema.safeParse({ name: newWorkflowName });
      if (!workflow.success) found.location = fieldErrorsOf(workflow.error).name;
    }
    const node = createSyncNodeFormSchema.safeParse({ nodeType, name, workflowId: needsWorkflow ? "pending" : workflowId });
    if (!node.success) Object.assign(found, fieldErrorsOf(node.error));
    if (found.workflowId) found.location = found.workflowId;
    setErrors(found);
    if (Object.keys(found).length) return;
    startTransition(async () => {
      let location = workflowId;
      if (needsWorkflow) {
        const workflow = await createWorkflow({ name: newWorkflowName, description: "" });
        if (!workflow.ok) {
          setErrors({ location: workflow.fieldErrors?.name ?? [workflow.message] });
          return;
        }
        location = workflow.data.id;
      }
      const result = await createSyncNode({ nodeType, name, workflowId: location });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? "" : result.message);
        return;
      }
      onClose();
      router.push(`/workflows/nodes/${result.data.id}`);
      router.refresh();
    });
  }

  return (
    <FormModal open={open} onClose={onClose} title="Create Node" onSubmit={submit} pending={pending} submitLabel={pending ? "Creating…" : "Confirm"}>
        <Field label="Node Type" htmlFor="node-type" required>
          <SelectInput id="node-type" value={nodeType} onChange={(e) => setNodeType(e.target.value as typeof nodeType)}>
            {syncNodeTypes.map((type) => (
              <option key={type} value={type}>
                {syncNodeTypeLabels[type]}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label="Node Name" htmlFor="node-name" required errors={errors.name} hint="Letters, digits and underscores; starts with a letter.">
          <TextInput id="node-name" value={name} invalid={Boolean(errors.name)} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        {needsWorkflow ? (
          <Field
            label="Location"
            htmlFor="new-workflow-name"
            required
            errors={errors.location}
            hint="There is no workflow yet. Name one and it is created with the node."
          >
            <TextInput
              id="new-workflow-name"
              placeholder="New workflow name"
              value={newWorkflowName}
              invalid={Boolean(errors.location)}
              onChange={(e) => setNewWorkflowName(e.target.value)}
            />
          </Field>
        ) : (
          <Field label="Location" htmlFor="node-location" required errors={errors.location}>
            <SelectInput id="node-location" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
              {workflows.map((workflow) => (
                <option key={workflow.id} value={workflow.id}>
                  Workflows / {workflow.name}
                </option>
              ))}
            </SelectInput>
          </Field>
        )}
        {message && <p role="alert" className="text-sm text-red-600">{message}</p>}
    </FormModal>
  );
}
