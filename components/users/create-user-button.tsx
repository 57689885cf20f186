"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createUser } from "@/lib/actions/create-user";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { createUserFormSchema } from "@/lib/schemas/user-admin";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { OneTimePasswordDialog } from "./one-time-password-dialog";

const empty = { username: "", displayName: "", password: "", isAdmin: false };

export function CreateUserButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const set = (field: keyof typeof empty, value: string | boolean) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  function submit() {
    const parsed = createUserFormSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    startTransition(async () => {
      const result = await createUser(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? "" : result.message);
        return;
      }
      setOpen(false);
      setValues(empty);
      setCreated(result.data);
      router.refresh();
    });
  }

  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create user
      </Button>
      {open && (
        <FormModal open title="Create user" onClose={() => setOpen(false)} onSubmit={submit} pending={pending} submitLabel="Create">
          <div className="space-y-4">
            <Field label="User name" htmlFor="user-username" required errors={errors.username} hint="What they type at the login form: letters, digits and _ . @ -">
              <TextInput id="user-username" value={values.username} invalid={Boolean(errors.username)} onChange={(e) => set("username", e.target.value)} autoFocus />
            </Field>
            <Field label="Display name" htmlFor="user-display-name" errors={errors.displayName}>
              <TextInput id="user-display-name" value={values.displayName} onChange={(e) => set("displayName", e.target.value)} />
            </Field>
            <Field label="First password" htmlFor="user-password" errors={errors.password} hint="Leave empty to generate one. Either way the user must choose a new password at the first login.">
              <TextInput id="user-password" type="password" autoComplete="new-password" value={values.password} invalid={Boolean(errors.password)} onChange={(e) => set("password", e.target.value)} />
            </Field>
            <Field label="Console administrator">
              <label className="flex items-center gap-2 pt-2 text-sm text-slate-700">
                <input type="checkbox" checked={values.isAdmin} onChange={(e) => set("isAdmin", e.target.checked)} />
                Manages users, workspaces and resource groups, and administers every workspace
              </label>
            </Field>
            {message && (
              <p role="alert" className="text-sm text-red-600">
                {message}
              </p>
            )}
          </div>
        </FormModal>
      )}
      {created && <OneTimePasswordDialog {...created} onClose={() => setCreated(null)} />}
    </>
  );
}
