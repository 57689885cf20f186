"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { stopBackfill } from "@/lib/actions/stop-backfill";
import { usePermissions } from "@/components/layout/permissions";
import { Button } from "@/components/ui/button";

/** Stop all, and a refresh every 2 s while the backfill runs so the grid follows it. */
export function BackfillControls({ backfillId, running }: { backfillId: string; running: boolean }) {
  const router = useRouter();
  const permissions = usePermissions();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [running, router]);
  if (!running || !permissions.deploy) return null;
  return (
    <div className="flex items-center gap-3">
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <Button
        variant="danger"
        disabled={pending}
        onClick={async () => {
          if (!window.confirm("Stop all: running instances are stopped and the others fail. Continue?")) return;
          setPending(true);
          setError(null);
          const result = await stopBackfill({ backfillId });
          setPending(false);
          if (!result.ok) setError(result.message);
          router.refresh();
        }}
      >
        {pending ? "Stopping…" : "Stop all"}
      </Button>
    </div>
  );
}
