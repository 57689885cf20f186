import Link from "next/link";
import { displayStatuses, displayStatusLabels, type DisplayStatus } from "@/lib/scheduling/instance-status";

const chipColours: Record<DisplayStatus, { dot: string; ring: string }> = {
  notRun: { dot: "bg-slate-400", ring: "ring-slate-300" },
  waitingTime: { dot: "bg-amber-400", ring: "ring-amber-300" },
  waitingResources: { dot: "bg-amber-500", ring: "ring-amber-300" },
  running: { dot: "bg-brand-500", ring: "ring-brand-300" },
  succeeded: { dot: "bg-emerald-500", ring: "ring-emerald-300" },
  dryRun: { dot: "bg-emerald-300", ring: "ring-emerald-200" },
  failed: { dot: "bg-red-500", ring: "ring-red-300" },
  frozen: { dot: "bg-violet-500", ring: "ring-violet-300" },
};

/**
 * How many instances are in each state, as coloured counts over the list; each count
 * filters the list to its state (and again to show all).
 */
export function StatusStrip({ counts, active, hrefFor }: { counts: Record<DisplayStatus, number>; active?: DisplayStatus; hrefFor: (status: DisplayStatus | undefined) => string }) {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return (
    <nav aria-label="Instances per status" className="mb-4 flex flex-wrap gap-2">
      <Link
        href={hrefFor(undefined)}
        aria-current={active ? undefined : "true"}
        className={`flex items-baseline gap-1.5 rounded-md border bg-white px-2.5 py-1.5 text-sm ${active ? "border-slate-200" : "border-slate-400 ring-1 ring-slate-300"}`}
      >
        <span className="text-base font-semibold tabular-nums text-slate-900">{total}</span>
        <span className="text-slate-500">All</span>
      </Link>
      {displayStatuses.map((status) => (
        <Link
          key={status}
          href={hrefFor(active === status ? undefined : status)}
          aria-current={active === status ? "true" : undefined}
          aria-label={`${displayStatusLabels[status]}: ${counts[status]}`}
          className={`flex items-center gap-1.5 rounded-md border bg-white px-2.5 py-1.5 text-sm ${
            active === status ? `border-transparent ring-2 ${chipColours[status].ring}` : "border-slate-200 hover:border-slate-300"
          } ${counts[status] ? "" : "opacity-50"}`}
        >
          <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${chipColours[status].dot}`} />
          <span className="text-base font-semibold tabular-nums text-slate-900">{counts[status]}</span>
          <span className="whitespace-nowrap text-slate-500">{displayStatusLabels[status]}</span>
        </Link>
      ))}
    </nav>
  );
}
