import Link from "next/link";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { alertEventsPageSize, listAlertEvents } from "@/lib/data/alert-events";
import { alertChannelLabels, alertEventStatuses, alertTriggerLabels, type AlertEventStatusName } from "@/lib/schemas/alert-rule";
import { CheckAlertsButton } from "@/components/alerts/check-alerts-button";
import { AutoRefresh } from "@/components/runs/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { DateTimeCell, formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Alert Events" };

const statusTones = { pending: "amber", sent: "green", failed: "red", suppressed: "gray" } as const;
const statusLabels: Record<AlertEventStatusName, string> = { pending: "Pending", sent: "Sent", failed: "Failed", suppressed: "Suppressed" };

export default async function AlertEventsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  const wanted = (await searchParams).status;
  const status = alertEventStatuses.find((value) => value === wanted);
  const { events, counts } = await listAlertEvents({ workspaceId: workspace.id, status });
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const tab = (value: AlertEventStatusName | undefined, label: string, count: number) => (
    <Link
      key={label}
      href={value ? `/alerts/events?status=${value}` : "/alerts/events"}
      aria-current={status === value ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm ${status === value ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
    >
      {label} <span className="tabular-nums text-slate-400">{count}</span>
    </Link>
  );
  return (
    <div className="p-6">
      <AutoRefresh everyMs={10_000} />
      <PageHeader
        title="Alert Events"
        description="Each alert, to each recipient: what was sent, when, and whether delivery succeeded. A failed delivery is retried (after 1, 2, 4 and 8 minutes) and then shown as Failed with the last error."
        actions={roleCan(role, "deploy") ? <CheckAlertsButton /> : null}
      />
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-1">
        {tab(undefined, "All", total)}
        {alertEventStatuses.map((value) => tab(value, statusLabels[value], counts[value]))}
      </nav>
      {events.length === 0 ? (
        <EmptyState title={status ? `No ${statusLabels[status].toLowerCase()} alert events` : "No alert events yet"}>
          Events appear when an alert rule&apos;s trigger is met by an auto-triggered instance.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label="Alert events">
            <thead className="whitespace-nowrap bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2.5">Raised</th>
                <th className="px-4 py-2.5">Rule / trigger</th>
                <th className="px-4 py-2.5">Node</th>
                <th className="px-4 py-2.5">Recipient</th>
                <th className="px-4 py-2.5">Status</th>
                <th className="px-4 py-2.5 text-right">Attempts</th>
                <th className="px-4 py-2.5">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((event) => (
                <tr key={event.id} className="align-top">
                  <td className="px-4 py-3 text-xs text-slate-600"><DateTimeCell value={event.createdAt} /></td>
                  <td className="px-4 py-3">
                    <span className="font-medium text-slate-900">{event.rule}</span>
                    <p className="text-xs text-slate-500">{alertTriggerLabels[event.trigger]}</p>
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    {event.node}
                    <p className="text-xs text-slate-500">business date {event.bizdate}</p>
                  </td>
                  <td className="px-4 py-3 text-xs">
                    <span className="font-medium text-slate-700">{alertChannelLabels[event.channel]}</span>
                    <p className="max-w-[260px] break-all text-slate-500">{event.recipient}</p>
                  </td>
                  <td className="whitespace-nowrap px-4 py-3">
                    <Badge tone={statusTones[event.status]}>{statusLabels[event.status]}</Badge>
                    {event.sentAt && <p className="mt-1 text-xs text-slate-500">{formatDateTime(event.sentAt)}</p>}
                    {event.status === "pending" && <p className="mt-1 text-xs text-slate-500">next {formatDateTime(event.nextAttemptAt)}</p>}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{event.attempts}</td>
                  <td className="max-w-md px-4 py-3 text-xs text-slate-600">
                    <p>{event.summary}</p>
                    {event.lastError && <p className={`mt-1 ${event.status === "failed" ? "text-red-600" : "text-slate-500"}`}>{event.lastError}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.length === alertEventsPageSize && <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">The newest {alertEventsPageSize} are shown.</p>}
        </div>
      )}
    </div>
  );
}
