import { displayStatusLabels, displayStatuses, displayStatusTones } from "@/lib/scheduling/instance-status";
import { toneStripeStyles } from "./tone-styles";

/** The instance colours (DataWorks': gray, yellow, blue, green, red, purple) and the edge styles. */
export function DagLegend() {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
      {displayStatuses.map((status) => (
        <li key={status} className="inline-flex items-center gap-1.5">
          <span aria-hidden className={`h-2.5 w-2.5 rounded-sm ${toneStripeStyles[displayStatusTones[status]]}`} />
          {displayStatusLabels[status]}
        </li>
      ))}
      <li className="inline-flex items-center gap-1.5">
        <span aria-hidden className="w-5 border-t-2 border-dashed border-slate-400" />
        Previous cycle
      </li>
    </ul>
  );
}
