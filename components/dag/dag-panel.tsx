/** The DAG's side panel: what is selected and what can be done with it. */
export function DagPanel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <aside className="w-72 shrink-0 rounded-lg border border-slate-200 bg-white p-4" aria-label="Selected">
      <h2 className="mb-3 break-all text-sm font-semibold text-slate-900">{title}</h2>
      {children}
    </aside>
  );
}
