export function Logo({ size = "md" }: { size?: "md" | "lg" }) {
  const box = size === "lg" ? "h-9 w-9 text-base" : "h-7 w-7 text-sm";
  return (
    <span className="inline-flex items-center gap-2">
      <span className={`${box} inline-flex items-center justify-center rounded-md bg-brand-600 font-bold text-white shadow-sm`}>
        S
      </span>
      <span className={`${size === "lg" ? "text-xl" : "text-base"} font-semibold tracking-tight text-slate-900`}>Synclane</span>
    </span>
  );
}
