import { foldUnchanged, type DiffLine } from "@/lib/line-diff";

const lineStyles = {
  same: "text-slate-600",
  removed: "bg-red-50 text-red-800",
  added: "bg-emerald-50 text-emerald-800",
} as const;
const lineMarks = { same: " ", removed: "−", added: "+" } as const;

/** A line diff (the job specs of two versions) with long unchanged stretches folded. */
export function LineDiffList({ lines, label, maxHeightClass }: { lines: DiffLine[]; label: string; maxHeightClass: string }) {
  return (
    <ol aria-label={label} className={`${maxHeightClass} overflow-auto rounded-md border border-slate-200 py-1 font-mono text-xs leading-5`}>
      {foldUnchanged(lines).map((line, index) =>
        line.kind === "folded" ? (
          <li key={index} data-kind="folded" className="select-none px-2 text-slate-400">
            ⋯ {line.count} unchanged line{line.count === 1 ? "" : "s"}
          </li>
        ) : (
          <li key={index} data-kind={line.kind} className={`whitespace-pre px-2 ${lineStyles[line.kind]}`}>
            <span aria-hidden className="mr-2 select-none text-slate-400">
              {lineMarks[line.kind]}
            </span>
            {line.text}
          </li>
        ),
      )}
    </ol>
  );
}
