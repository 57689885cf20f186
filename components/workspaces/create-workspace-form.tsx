"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createWorkspace } from "@/lib/actions/create-workspace";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { workspaceFormSchema } from "@/lib/schemas/workspace";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const [values, setValues] = useState({ name: "", displayName: "", mode: "standard", description: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  function submit() {
    const parsed = workspaceFormSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    startTransition(async () => {
      const result = await createWorkspace(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? "" : result.message);
        return;
      }
      router.push("/data-sources");
      router.refresh();
    });
  }

  return (
    <form
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2 className="text-sm font-semibold">Create a workspace</h2>
      <Field label="Workspace Name" htmlFor="workspace-name" required errors={errors.name} hint="Letters, digits and underscores; starts with a letter.">
        <TextInput id="workspace-name" value={values.name} invalid={Boolean(errors.name)} onChange={(e) => setValues({ ...values, name: e.target.value })} />
      </Field>
      <Field label="Display Name" htmlFor="workspace-display-name" required errors={errors.displayName}>
        <TextInput id="workspace-display-name" value={values.displayName} invalid={Boolean(errors.displayName)} onChange={(e) => setValues({ ...values, displayName: e.target.value })} />
      </Field>
      <Field label="Mode" required hint="Standard mode: data sources have Development and Production configurations. Basic mode: one environment.">
        <div role="radiogroup" aria-label="Mode" className="flex gap-4 pt-2 text-sm">
          {[
            ["standard", "Standard mode"],
            ["basic", "Basic mode"],
          ].map(([mode, label]) => (
            <label key={mode} className="flex items-center gap-2">
              <input type="radio" name="mode" checked={values.mode === mode} onChange={() => setValues({ ...values, mode })} />
              {label}
            </label>
          ))}
        </div>
      </Field>
      <Field label="Description" htmlFor="workspace-description" errors={errors.description}>
        <TextInput id="workspace-description" value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />
      </Field>
      {message && <p role="alert" className="text-sm text-red-600">{message}</p>}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          Create workspace
        </Button>
      </div>
    </form>
  );
}
