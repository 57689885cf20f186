"use client";

/** The "+N" on a box's side: loads the next level of parents (left) or children (right). */
export function ExpandButton({ side, count, name, onExpand }: { side: "left" | "right"; count: number; name: string; onExpand: () => void }) {
  const what = side === "left" ? "parents" : "children";
  return (
    <button
      type="button"
      className={`nodrag absolute top-1/2 z-10 -translate-y-1/2 rounded-full border border-slate-300 bg-white px-1.5 py-0.5 text-[11px] font-semibold leading-none text-slate-600 shadow-sm hover:border-brand-500 hover:text-brand-700 ${side === "left" ? "-left-3 -translate-x-1/2" : "-right-3 translate-x-1/2"}`}
      title={`Show the ${count} more ${what} of ${name}`}
      aria-label={`Expand ${what} of ${name}`}
      onClick={(event) => {
        event.stopPropagation();
        onExpand();
      }}
    >
      +{count}
    </button>
  );
}
