"use client";
import { useState, useTransition } from "react";
import { logIn } from "@/lib/actions/log-in";
import { loginFormSchema } from "@/lib/schemas/auth";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";

export function LoginForm({ next }: { next?: string }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();
  // Typing before hydration would be wiped; the fields wait for React.
  const hydrated = useHydrated();

  function submit(formData: FormData) {
    const input = { username: formData.get("username"), password: formData.get("password"), next };
    const parsed = loginFormSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    setMessage("");
    startTransition(async () => {
      const result = await logIn(parsed.data);
      if (result && !result.ok) {
        setMessage(result.message);
        setErrors(result.fieldErrors ?? {});
      }
    });
  }

  return (
    <form action={submit} noValidate>
      <fieldset disabled={!hydrated} className="space-y-4">
      <div>
        <label htmlFor="username" className="mb-1.5 block text-sm font-medium text-slate-700">
          User name
        </label>
        <input id="username" name="username" autoComplete="username" autoFocus className={`${inputClass} w-full`} aria-invalid={Boolean(errors.username) || undefined} />
        {errors.username && <p className="mt-1 text-xs text-red-600">{errors.username[0]}</p>}
      </div>
      <div>
        <label htmlFor="password" className="mb-1.5 block text-sm font-medium text-slate-700">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" className={`${inputClass} w-full`} aria-invalid={Boolean(errors.password) || undefined} />
        {errors.password && !message && <p className="mt-1 text-xs text-red-600">{errors.password[0]}</p>}
      </div>
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      </fieldset>
    </form>
  );
}
