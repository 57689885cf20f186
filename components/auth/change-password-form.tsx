"use client";
import { useState, useTransition } from "react";
import { changePassword } from "@/lib/actions/change-password";
import { changePasswordFormSchema } from "@/lib/schemas/auth";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";

const empty = { currentPassword: "", newPassword: "", confirmPassword: "" };

/** `onChanged`: what happens after a successful change (the forced change goes on to the console). */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void } = {}) {
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit() {
    const parsed = changePasswordFormSchema.safeParse(values);
    setStatus(null);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await changePassword(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setStatus({ ok: false, message: result.message });
        return;
      }
      setValues(empty);
      setStatus({ ok: true, message: "Password changed. Your other sessions were signed out." });
      onChanged?.();
    });
  }

  const input = (name: keyof typeof empty, label: string, autoComplete: string) => (
    <Field label={label} htmlFor={name} required errors={errors[name]}>
      <TextInput
        id={name}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        invalid={Boolean(errors[name])}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      />
    </Field>
  );

  return (
    <form
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {input("currentPassword", "Current password", "current-password")}
      {input("newPassword", "New password", "new-password")}
      {input("confirmPassword", "Confirm new password", "new-password")}
      {status && (
        <p role={status.ok ? "status" : "alert"} className={`text-sm ${status.ok ? "text-emerald-700" : "text-red-600"}`}>
          {status.message}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
