"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteAlertRule } from "@/lib/actions/delete-alert-rule";
import { setAlertRuleEnabled } from "@/lib/actions/set-alert-rule-enabled";
import { Button, buttonClass } from "@/components/ui/button";

export function AlertRuleRowActions({ rule }: { rule: { id: string; name: string; enabled: boolean } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState("");
  const act = (action: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? "" : (result.message ?? ""));
      router.refresh();
    });
  return (
    <div className="flex items-center justify-end gap-1.5">
      <Link href={`/alerts/rules/${rule.id}`} className={buttonClass("ghost", "sm")}>Edit</Link>
      <Button size="sm" variant="ghost" disabled={pending} onClick={() => act(() => setAlertRuleEnabled({ id: rule.id, enabled: !rule.enabled }))}>
        {rule.enabled ? "Disable" : "Enable"}
      </Button>
      <Button
        size="sm"
        variant="ghost"
        className="text-red-600"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Delete alert rule ${rule.name} and its alert events?`)) act(() => deleteAlertRule({ id: rule.id }));
        }}
      >
        Delete
      </Button>
      {message && <span role="alert" className="text-xs text-red-600">{message}</span>}
    </div>
  );
}
