import type { RunVerificationView } from "@/lib/schemas/run";
import { formatCount } from "./run-format";

/** Verify after writing, on the run page: green when the target holds what was written, red with the difference otherwise. */
export function RunVerificationPanel({ verification }: { verification: RunVerificationView }) {
  const { ok } = verification;
  const appended = verification.targetRowsBefore > 0;
  const facts: Array<[string, string]> = [
    ["Checked", verification.mode === "checksum" ? "Count and checksum" : "Count"],
    ["Rows written", formatCount(verification.sourceRows)],
    [appended ? `Rows added to ${verification.scope}` : `Rows in ${verification.scope}`, formatCount(verification.targetRows)],
  ];
  if (appended) facts.push(["Rows there before", formatCount(verification.targetRowsBefore)]);
  if (verification.sourceChecksum) facts.push(["Checksum written", verification.sourceChecksum]);
  if (verification.targetChecksum) facts.push(["Checksum in the target", verification.targetChecksum]);
  return (
    <section
      aria-label="Verification"
      role={ok ? "status" : "alert"}
      className={`rounded-lg border p-4 ${ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-900"}`}
    >
      <h2 className="flex items-center gap-2 text-sm font-semibold">
        <span aria-hidden className={`inline-flex h-5 w-5 items-center justify-center rounded-full text-xs text-white ${ok ? "bg-emerald-600" : "bg-red-600"}`}>
          {ok ? "✓" : "✕"}
        </span>
        {ok ? "Verified after writing" : "Verification failed"}
      </h2>
      <p className="mt-2 text-sm">{verification.message}</p>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-xs sm:grid-cols-[max-content_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className={ok ? "text-emerald-700" : "text-red-700"}>{label}</dt>
            <dd className="font-mono tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
