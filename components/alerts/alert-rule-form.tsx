"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveAlertRule } from "@/lib/actions/save-alert-rule";
import type { AlertRuleFormValues } from "@/lib/data/alert-rules";
import { alertObjectTypeLabels, alertObjectTypes, alertRuleFormSchema, alertTriggerLabels, alertTriggers, type AlertRuleFormInput } from "@/lib/schemas/alert-rule";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, SelectInput, TextArea, TextInput } from "@/components/ui/field";

export type AlertObjectOptions = { nodes: { id: string; name: string; workflow: string }[]; workflows: { id: string; name: string }[] };

const triggerHints: Record<(typeof alertTriggers)[number], string> = {
  error: "Each failed attempt, also one an automatic rerun will follow.",
  errorAfterAutoRerun: "The instance failed and no automatic rerun is left.",
  finished: "The instance succeeded (dry runs do not count).",
  uncompletedBy: "Not succeeded by a time on the day after the business date.",
  uncompletedInCycle: "Not succeeded by the end of its cycle (the node's next instance's time), plus an allowance. For hourly and minute nodes.",
  timedOut: "An attempt has been running longer than a number of minutes.",
};

export const emptyAlertRule: AlertRuleFormValues = {
  id: "",
  name: "",
  objectType: "node",
  objectIds: [],
  trigger: "error",
  uncompletedByTime: "",
  thresholdMinutes: "",
  emails: "",
  webhookUrls: "",
  dingtalkUrl: "",
  larkUrl: "",
  wecomUrl: "",
  minIntervalMinutes: "30",
  maxAlertsPerDay: "10",
  quietStart: "",
  quietEnd: "",
  enabled: true,
  hasDingtalkSecret: false,
  hasLarkSecret: false,
};

/**
 * Create Custom Rule, as DataWorks' Operation Center has it: object, trigger, channels and
 * limits. The same zod schema checks the form here (at once) and in the server action.
 */
export function AlertRuleForm({ initial, options }: { initial: AlertRuleFormValues; options: AlertObjectOptions }) {
  const router = useRouter();
  const [values, setValues] = useState<AlertRuleFormInput & { dingtalkSecret: string; larkSecret: string; removeDingtalkSecret: boolean; removeLarkSecret: boolean }>({
    ...initial,
    dingtalkSecret: "",
    larkSecret: "",
    removeDingtalkSecret: false,
    removeLarkSecret: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined, ...(["emails", "webhookUrls", "dingtalkUrl", "larkUrl", "wecomUrl"].includes(key) ? { channels: undefined } : {}) }));
  };
  const text = (key: keyof typeof values) => ({
    value: String(values[key] ?? ""),
    invalid: Boolean(errors[key]),
    onChange: (event: { target: { value: string } }) => set(key, event.target.value as never),
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = alertRuleFormSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      setMessage("Some fields need attention.");
      return;
    }
    startTransition(async () => {
      const result = await saveAlertRule(values);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
        return;
      }
      router.push("/alerts/rules");
      router.refresh();
    });
  }

  const objectIds = values.objectIds ?? [];
  const choices = values.objectType === "node" ? options.nodes.map((node) => ({ id: node.id, label: `${node.name}`, detail: node.workflow })) : options.workflows.map((flow) => ({ id: flow.id, label: flow.name, detail: "" }));

  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-6" aria-label="Alert rule">
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="text-sm font-semibold text-slate-900">Rule</h2>
        <Field label="Rule Name" htmlFor="rule-name" required errors={errors.name} hint="Letters, digits and underscores, starting with a letter.">
          <TextInput id="rule-name" {...text("name")} autoFocus={!initial.id} />
        </Field>
        <Field label="Object Type" htmlFor="rule-object-type" required>
          <SelectInput id="rule-object-type" value={values.objectType} onChange={(event) => { set("objectType", event.target.value as never); set("objectIds", []); }} className="max-w-xs">
            {alertObjectTypes.map((type) => (
              <option key={type} value={type}>{alertObjectTypeLabels[type]}</option>
            ))}
          </SelectInput>
        </Field>
        {values.objectType !== "workspace" && (
          <Field label={values.objectType === "node" ? "Nodes" : "Workflows"} required errors={errors.objectIds} hint="Only auto-triggered instances alert; test runs and backfills never do.">
            <div role="group" aria-label={values.objectType === "node" ? "Nodes" : "Workflows"} className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
              {choices.length === 0 && <p className="text-sm text-slate-500">None in this workspace yet.</p>}
              {choices.map((choice) => (
                <label key={choice.id} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" checked={objectIds.includes(choice.id)} onChange={(event) => set("objectIds", event.target.checked ? [...objectIds, choice.id] : objectIds.filter((id) => id !== choice.id))} />
                  {choice.label}
                  {choice.detail && <span className="text-xs text-slate-400">{choice.detail}</span>}
                </label>
              ))}
            </div>
          </Field>
        )}
        <Field label="Trigger Condition" htmlFor="rule-trigger" required hint={triggerHints[values.trigger as keyof typeof triggerHints]}>
          <SelectInput id="rule-trigger" value={values.trigger} onChange={(event) => set("trigger", event.target.value as never)} className="max-w-sm">
            {alertTriggers.map((trigger) => (
              <option key={trigger} value={trigger}>{alertTriggerLabels[trigger]}</option>
            ))}
          </SelectInput>
        </Field>
        {values.trigger === "uncompletedBy" && (
          <Field label="Uncompleted by" htmlFor="rule-time" required errors={errors.uncompletedByTime} hint="hh:mm on the day after the business date; hours 24 to 47 are the day after that (DataWorks' rule).">
            <TextInput id="rule-time" placeholder="08:30" {...text("uncompletedByTime")} className="max-w-[120px]" />
          </Field>
        )}
        {values.trigger === "timedOut" && (
          <Field label="Timeout (minutes)" htmlFor="rule-minutes" required errors={errors.thresholdMinutes} hint="Alert when an attempt runs longer than this.">
            <TextInput id="rule-minutes" type="number" min={1} {...text("thresholdMinutes")} className="max-w-[120px]" />
          </Field>
        )}
        {values.trigger === "uncompletedInCycle" && (
          <Field
            label="Allowance (minutes)"
            htmlFor="rule-minutes"
            errors={errors.thresholdMinutes}
            hint="Alert when an instance has not succeeded this long after its cycle ended, that is after the node's next instance's scheduled time (an hourly node's 01:00 instance: 02:00 plus the allowance). Empty: 0."
          >
            <TextInput id="rule-minutes" type="number" min={0} max={1440} placeholder="0" {...text("thresholdMinutes")} className="max-w-[120px]" />
          </Field>
        )}
      </section>

      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="text-sm font-semibold text-slate-900">Channels</h2>
        {errors.channels && (
          <p role="alert" className="text-sm text-red-600">{errors.channels[0]}</p>
        )}
        <Field label="E-mail" htmlFor="rule-emails" errors={errors.emails} hint="One address per line; sent through the workspace's SMTP settings.">
          <TextArea id="rule-emails" rows={2} placeholder="ops@example.com" {...text("emails")} />
        </Field>
        <Field label="Webhook URLs" htmlFor="rule-webhooks" errors={errors.webhookUrls} hint="One per line; each gets a JSON POST (see the README for the fields).">
          <TextArea id="rule-webhooks" rows={2} placeholder="https://hooks.example.com/synclane" {...text("webhookUrls")} />
        </Field>
        <Field label="DingTalk robot URL" htmlFor="rule-dingtalk" errors={errors.dingtalkUrl} hint="https://oapi.dingtalk.com/robot/send?access_token=...">
          <TextInput id="rule-dingtalk" {...text("dingtalkUrl")} />
        </Field>
        {values.dingtalkUrl && (
          <SecretField id="rule-dingtalk-secret" label="DingTalk signing secret" stored={initial.hasDingtalkSecret} value={values.dingtalkSecret} remove={values.removeDingtalkSecret} errors={errors.dingtalkSecret} onChange={(value) => set("dingtalkSecret", value)} onRemove={(value) => set("removeDingtalkSecret", value)} />
        )}
        <Field label="Lark robot URL" htmlFor="rule-lark" errors={errors.larkUrl} hint="https://open.feishu.cn/open-apis/bot/v2/hook/...">
          <TextInput id="rule-lark" {...text("larkUrl")} />
        </Field>
        {values.larkUrl && (
          <SecretField id="rule-lark-secret" label="Lark signing secret" stored={initial.hasLarkSecret} value={values.larkSecret} remove={values.removeLarkSecret} errors={errors.larkSecret} onChange={(value) => set("larkSecret", value)} onRemove={(value) => set("removeLarkSecret", value)} />
        )}
        <Field label="WeCom robot URL" htmlFor="rule-wecom" errors={errors.wecomUrl} hint="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...">
          <TextInput id="rule-wecom" {...text("wecomUrl")} />
        </Field>
      </section>

      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="text-sm font-semibold text-slate-900">Limits</h2>
        <Field label="Minimum interval (minutes)" htmlFor="rule-interval" required errors={errors.minIntervalMinutes} hint="Alerts of this rule closer together than this are recorded as suppressed, not sent.">
          <TextInput id="rule-interval" type="number" min={1} {...text("minIntervalMinutes")} className="max-w-[120px]" />
        </Field>
        <Field label="Maximum alerts per day" htmlFor="rule-max" required errors={errors.maxAlertsPerDay}>
          <TextInput id="rule-max" type="number" min={1} {...text("maxAlertsPerDay")} className="max-w-[120px]" />
        </Field>
        <Field label="Quiet hours" errors={errors.quietStart ?? errors.quietEnd} hint="Alerts raised in these hours are held and sent when they end. Leave both empty for none.">
          <div className="flex items-center gap-2">
            <TextInput id="rule-quiet-start" aria-label="Quiet hours start" placeholder="22:00" {...text("quietStart")} className="max-w-[100px]" />
            <span className="text-sm text-slate-500">to</span>
            <TextInput id="rule-quiet-end" aria-label="Quiet hours end" placeholder="07:00" {...text("quietEnd")} className="max-w-[100px]" />
          </div>
        </Field>
        <Field label="Enabled" htmlFor="rule-enabled">
          <input id="rule-enabled" type="checkbox" className="mt-3" checked={values.enabled ?? true} onChange={(event) => set("enabled", event.target.checked)} />
        </Field>
      </section>

      {message && (
        <p role="alert" className="text-sm text-red-600">{message}</p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>{pending ? "Saving…" : initial.id ? "Save" : "Create rule"}</Button>
        <Link href="/alerts/rules" className={buttonClass("secondary")}>Cancel</Link>
      </div>
    </form>
  );
}

function SecretField(props: { id: string; label: string; stored: boolean; value: string; remove: boolean; errors?: string[]; onChange: (value: string) => void; onRemove: (value: boolean) => void }) {
  return (
    <Field label={props.label} htmlFor={props.id} errors={props.errors} hint={props.stored ? "A secret is stored; leave empty to keep it." : "Optional: the robot's signing secret (sign mode)."}>
      <div className="flex items-center gap-3">
        <TextInput id={props.id} type="password" autoComplete="new-password" value={props.value} invalid={Boolean(props.errors)} disabled={props.remove} onChange={(event) => props.onChange(event.target.value)} placeholder={props.stored ? "••••••••" : ""} />
        {props.stored && (
          <label className="flex shrink-0 items-center gap-1.5 text-xs text-slate-600">
            <input type="checkbox" checked={props.remove} onChange={(event) => props.onRemove(event.target.checked)} /> Remove secret
          </label>
        )}
      </div>
    </Field>
  );
}
