"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveSmtpSettings } from "@/lib/actions/save-smtp-settings";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { smtpSecurities, smtpSecurityLabels, smtpSettingsFormSchema, type SmtpSettingsFormInput } from "@/lib/schemas/alert-rule";
import { Button } from "@/components/ui/button";
import { Field, SelectInput, TextInput } from "@/components/ui/field";

export function SmtpSettingsForm({ initial, hasPassword }: { initial: SmtpSettingsFormInput; hasPassword: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();
  const set = (key: keyof SmtpSettingsFormInput, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    setMessage("");
  };
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = smtpSettingsFormSchema.safeParse(values);
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    startTransition(async () => {
      const result = await saveSmtpSettings(values);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
        return;
      }
      setValues((current) => ({ ...current, password: "" }));
      setMessage("Saved.");
      router.refresh();
    });
  }
  return (
    <form onSubmit={submit} noValidate aria-label="SMTP settings" className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <Field label="SMTP host" htmlFor="smtp-host" required errors={errors.host}>
        <TextInput id="smtp-host" value={values.host} invalid={Boolean(errors.host)} onChange={(event) => set("host", event.target.value)} placeholder="smtp.example.com" />
      </Field>
      <Field label="Port" htmlFor="smtp-port" required errors={errors.port}>
        <TextInput id="smtp-port" type="number" value={String(values.port ?? "")} invalid={Boolean(errors.port)} onChange={(event) => set("port", event.target.value)} className="max-w-[120px]" />
      </Field>
      <Field label="Security" htmlFor="smtp-security" required>
        <SelectInput id="smtp-security" value={values.security} onChange={(event) => set("security", event.target.value)} className="max-w-xs">
          {smtpSecurities.map((security) => (
            <option key={security} value={security}>{smtpSecurityLabels[security]}</option>
          ))}
        </SelectInput>
      </Field>
      <Field label="User name" htmlFor="smtp-user" errors={errors.username} hint="Empty: the server takes mail without logging in.">
        <TextInput id="smtp-user" value={values.username ?? ""} autoComplete="off" onChange={(event) => set("username", event.target.value)} />
      </Field>
      <Field label="Password" htmlFor="smtp-password" errors={errors.password} hint={hasPassword ? "A password is stored; leave empty to keep it (only while host and user stay the same)." : undefined}>
        <TextInput id="smtp-password" type="password" autoComplete="new-password" value={values.password ?? ""} invalid={Boolean(errors.password)} placeholder={hasPassword ? "••••••••" : ""} onChange={(event) => set("password", event.target.value)} />
      </Field>
      <Field label="From address" htmlFor="smtp-from" required errors={errors.fromAddress}>
        <TextInput id="smtp-from" value={values.fromAddress} invalid={Boolean(errors.fromAddress)} onChange={(event) => set("fromAddress", event.target.value)} placeholder="synclane@example.com" />
      </Field>
      <div className="flex items-center gap-3 pl-0 sm:pl-[196px]">
        <Button type="submit" variant="primary" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
        {message && <span role={message === "Saved." ? "status" : "alert"} className={`text-sm ${message === "Saved." ? "text-emerald-700" : "text-red-600"}`}>{message}</span>}
      </div>
    </form>
  );
}
