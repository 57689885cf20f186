"use client";
import { useState, useTransition } from "react";
import { createWorkflow } from "@/lib/actions/create-workflow";
import { renameWorkflow } from "@/lib/actions/rename-workflow";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { workflowFormSchema } from "@/lib/schemas/workflow";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";

/** Create a workflow, or rename one when `existing` is given. */
export function WorkflowFormDialog({
  open,
  onClose,
  onSaved,
  existing,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (id: string) => void;
  existing?: { id: string; name: string; description: string };
}) {
  const [name, setName] = useState(existing?.name ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  function submit() {
    const parsed = workflowFormSchema.safeParse({ name, description });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    startTransition(async () => {
      const result = existing
        ? await renameWorkflow({ id: existing.id, ...parsed.data }).then((r) => (r.ok ? { ok: true as const, data: { id: existing.id } } : r))
        : await createWorkflow(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? "" : result.message);
        return;
      }
      onSaved(result.data.id);
    });
  }

  return (
    <FormModal open={open} onClose={onClose} title={existing ? `Rename workflow ${existing.name}` : "Create workflow"} onSubmit={submit} pending={pending} submitLabel={existing ? "Save" : "Create"}>
        <Field label="Workflow Name" htmlFor="workflow-name" required errors={errors.name}>
          <TextInput id="workflow-name" value={name} invalid={Boolean(errors.name)} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <Field label="Description" htmlFor="workflow-description" errors={errors.description}>
          <TextArea id="workflow-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {message && <p role="alert" className="text-sm text-red-600">{message}</p>}
    </FormModal>
  );
}
