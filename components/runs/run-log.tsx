"use client";
import { useEffect, useRef } from "react";
import type { RunDetail } from "@/lib/data/runs";

const timeOf = (iso: string) => {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}:${String(date.getSeconds()).padStart(2, "0")}`;
};

/** The run's log in DataX's format, kept scrolled to the newest line while the user has not scrolled up. */
export function RunLog({ logs, truncated }: { logs: RunDetail["logs"]; truncated: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [logs.length]);
  return (
    <div
      ref={ref}
      role="log"
      aria-label="Run log"
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
      className="h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-200"
    >
      {truncated && <p className="text-slate-500">… earlier lines are not shown (the newest 2,000 are).</p>}
      {logs.map((line) => (
        <p key={line.id} className={`whitespace-pre-wrap ${line.level === "error" ? "text-red-300" : line.level === "warn" ? "text-amber-300" : ""}`}>
          <span className="select-none text-slate-500">{timeOf(line.at)} </span>
          {line.line}
        </p>
      ))}
    </div>
  );
}
