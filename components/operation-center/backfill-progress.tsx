import type { BackfillDateProgress } from "@/lib/scheduling/backfill";
import { formatBizdate } from "./zoned-time";

const stateStyles: Record<BackfillDateProgress["state"], { cell: string; label: string }> = {
  waiting: { cell: "bg-slate-100 text-slate-600 ring-slate-200", label: "Waiting" },
  running: { cell: "bg-brand-100 text-brand-800 ring-brand-300 animate-pulse", label: "Running" },
  succeeded: { cell: "bg-emerald-100 text-emerald-800 ring-emerald-300", label: "Succeeded" },
  failed: { cell: "bg-red-100 text-red-800 ring-red-300", label: "Failed" },
  stopped: { cell: "bg-amber-100 text-amber-900 ring-amber-300", label: "Stopped" },
};

/** One cell per business date, in release order, coloured by its state, with a bar of instances ended. */
export function BackfillProgress({ dates }: { dates: BackfillDateProgress[] }) {
  const total = dates.reduce((sum, date) => sum + date.total, 0);
  const ended = dates.reduce((sum, date) => sum + date.ended, 0);
  const succeeded = dates.reduce((sum, date) => sum + date.succeeded, 0);
  const stopped = dates.reduce((sum, date) => sum + date.stopped, 0);
  const failed = ended - succeeded - stopped;
  const datesDone = dates.filter((date) => date.state === "succeeded" || date.state === "failed" || date.state === "stopped").length;
  return (
    <section aria-label="Progress per business date" className="space-y-3">
      <div>
        <div className="flex justify-between text-xs text-slate-500">
          <span>
            {datesDone} of {dates.length} dates done · {ended} of {total} instances ended
          </span>
          <span>
            {succeeded} succeeded, {failed} failed{stopped ? `, ${stopped} stopped` : ""}
          </span>
        </div>
        <div className="mt-1 flex h-2.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={ended}>
          <div className="bg-emerald-500" style={{ width: `${total ? (succeeded / total) * 100 : 0}%` }} />
          <div className="bg-red-500" style={{ width: `${total ? (failed / total) * 100 : 0}%` }} />
          <div className="bg-amber-400" style={{ width: `${total ? (stopped / total) * 100 : 0}%` }} />
        </div>
      </div>
      <ol className="grid grid-cols-[repeat(auto-fill,minmax(8.5rem,1fr))] gap-2">
        {dates.map((date, index) => (
          <li
            key={date.bizdate}
            className={`rounded-md px-3 py-2 ring-1 ${stateStyles[date.state].cell}`}
            title={`${formatBizdate(date.bizdate)}: ${stateStyles[date.state].label}, ${date.ended} of ${date.total} instances ended`}
            data-state={date.state}
          >
            <p className="text-[11px] opacity-70">#{index + 1}</p>
            <p className="font-mono text-sm font-semibold tabular-nums">{formatBizdate(date.bizdate)}</p>
            <p className="text-xs">
              {stateStyles[date.state].label}
              {date.total > 1 ? ` · ${date.ended}/${date.total}` : ""}
            </p>
          </li>
        ))}
      </ol>
      <p className="flex flex-wrap gap-3 text-xs text-slate-500">
        {Object.entries(stateStyles).map(([state, style]) => (
          <span key={state} className="inline-flex items-center gap-1">
            <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ring-1 ${style.cell.replace("animate-pulse", "")}`} />
            {style.label}
          </span>
        ))}
      </p>
    </section>
  );
}
