import type { StatusTone } from "@/lib/scheduling/instance-status";

/** A box's border and background in the tone of its state, matching the lists' badges (components/ui/badge.tsx). */
export const toneBoxStyles: Record<StatusTone, string> = {
  gray: "border-slate-300 bg-slate-50",
  amber: "border-amber-300 bg-amber-50",
  blue: "border-brand-500/40 bg-brand-50",
  green: "border-emerald-300 bg-emerald-50",
  red: "border-red-300 bg-red-50",
  violet: "border-violet-300 bg-violet-50",
};

/** The stripe on the box's left edge: the state's colour at full strength. */
export const toneStripeStyles: Record<StatusTone, string> = {
  gray: "bg-slate-400",
  amber: "bg-amber-400",
  blue: "bg-brand-500",
  green: "bg-emerald-500",
  red: "bg-red-500",
  violet: "bg-violet-500",
};
