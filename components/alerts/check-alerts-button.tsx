"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { checkAlertsNow } from "@/lib/actions/check-alerts-now";
import { Button } from "@/components/ui/button";

/** Runs the scheduler's two alert calls for this workspace now, and says what they did. */
export function CheckAlertsButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [said, setSaid] = useState("");
  return (
    <div className="flex items-center gap-3">
      {said && <span role="status" className="text-xs text-slate-600">{said}</span>}
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await checkAlertsNow({});
            if (!result.ok) return setSaid(result.message);
            const { alerts, held, suppressed, sent, retrying, failed } = result.data;
            setSaid(`${alerts + held + suppressed} new alert${alerts + held + suppressed === 1 ? "" : "s"} (${held} held, ${suppressed} suppressed); ${sent} sent, ${retrying} to retry, ${failed} failed.`);
            router.refresh();
          })
        }
      >
        {pending ? "Checking…" : "Check now"}
      </Button>
    </div>
  );
}
