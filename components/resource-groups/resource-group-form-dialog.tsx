"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createResourceGroup } from "@/lib/actions/create-resource-group";
import { updateResourceGroup } from "@/lib/actions/update-resource-group";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { createResourceGroupFormSchema, updateResourceGroupFormSchema, type CreateResourceGroupForm } from "@/lib/schemas/resource-group";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";

type Existing = { id: string; name: string; slots: number; description: string; workspaces: { id: string }[] };
export type WorkspaceOption = { id: string; displayName: string };

/**
 * Creates an exclusive resource group, or edits the slots, description and workspaces of
 * `existing` (console administrators only). Only the workspaces ticked may run on it.
 */
export function ResourceGroupFormDialog({
  open,
  onClose,
  existing,
  workspaces,
  currentWorkspaceId,
}: {
  open: boolean;
  onClose: () => void;
  existing?: Existing;
  workspaces: WorkspaceOption[];
  currentWorkspaceId: string;
}) {
  const router = useRouter();
  const [name, setName] = useState(existing?.name ?? "");
  const [slots, setSlots] = useState(String(existing?.slots ?? 2));
  const [description, setDescription] = useState(existing?.description ?? "");
  const [workspaceIds, setWorkspaceIds] = useState<string[]>(existing ? existing.workspaces.map((w) => w.id) : [currentWorkspaceId]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  const clearError = (field: string) => setErrors((current) => ({ ...current, [field]: undefined }));

  function submit() {
    const parsed = existing
      ? updateResourceGroupFormSchema.safeParse({ id: existing.id, slots, description, workspaceIds })
      : createResourceGroupFormSchema.safeParse({ name, slots, description, workspaceIds });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    const save = () =>
      "id" in parsed.data ? updateResourceGroup(parsed.data) : createResourceGroup(parsed.data as CreateResourceGroupForm);
    startTransition(async () => {
      const result = await save();
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? "" : result.message);
        return;
      }
      onClose();
      router.refresh();
    });
  }

  const title = existing ? `Edit resource group ${existing.name}` : "Create an exclusive data integration resource group";
  return (
    <FormModal open={open} onClose={onClose} title={title} width="max-w-xl" onSubmit={submit} pending={pending} submitLabel={existing ? "Save" : "Create"}>
        <Field label="Resource Group Name" htmlFor="group-name" required errors={errors.name} hint="Letters, digits and underscores, starting with a letter.">
          {existing ? (
            <p id="group-name" className="pt-2 text-sm font-medium text-slate-900">
              {existing.name}
            </p>
          ) : (
            <TextInput id="group-name" value={name} invalid={Boolean(errors.name)} onChange={(e) => { setName(e.target.value); clearError("name"); }} autoFocus />
          )}
        </Field>
        <Field label="Slots" htmlFor="group-slots" required errors={errors.slots} hint="How many runs the group runs at once (1 to 32). Further runs wait for a free slot.">
          <TextInput
            id="group-slots"
            type="number"
            min={1}
            max={32}
            value={slots}
            invalid={Boolean(errors.slots)}
            onChange={(e) => { setSlots(e.target.value); clearError("slots"); }}
            className="max-w-[120px]"
          />
        </Field>
        <Field label="Description" htmlFor="group-description" errors={errors.description} hint={`${description.length}/80`}>
          <TextArea id="group-description" rows={2} value={description} invalid={Boolean(errors.description)} onChange={(e) => { setDescription(e.target.value); clearError("description"); }} />
        </Field>
        <Field label="Workspaces" hint="Nodes of these workspaces may run on the group. Unticking one stops its new runs here; runs already queued go on.">
          <div className="flex flex-wrap gap-x-4 gap-y-1.5 pt-2" role="group" aria-label="Workspaces">
            {workspaces.map((workspace) => (
              <label key={workspace.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={workspaceIds.includes(workspace.id)}
                  onChange={(e) =>
                    setWorkspaceIds((current) => (e.target.checked ? [...current, workspace.id] : current.filter((id) => id !== workspace.id)))
                  }
                />
                {workspace.displayName}
              </label>
            ))}
          </div>
        </Field>
        {!existing && (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            A group runs nothing until a worker serves it. Start one on any machine that reaches the console&apos;s database:{" "}
            <code className="font-mono text-slate-800">npm run worker -- --group {name || "NAME"}</code>
          </p>
        )}
        {message && (
          <p role="alert" className="text-sm text-red-600">
            {message}
          </p>
        )}
    </FormModal>
  );
}
