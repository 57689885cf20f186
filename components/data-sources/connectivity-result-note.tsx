export function ConnectivityResultNote({ result }: { result: { ok: boolean; message: string; warning?: string | null } }) {
  return (
    <>
      <p
        role="status"
        className={`rounded-md border px-3 py-2 text-sm ${
          result.ok ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-700"
        }`}
      >
        <span className="font-semibold">{result.ok ? "Connectivity test passed. " : "Connectivity test failed. "}</span>
        {result.message}
      </p>
      {result.warning && <ConnectivityWarningNote warning={result.warning} />}
    </>
  );
}

/** What the last connectivity test found risky about the data source's credentials. */
export function ConnectivityWarningNote({ warning, tested }: { warning: string; tested?: "earlier" }) {
  return (
    <p role="note" aria-label="Connectivity warning" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
      <span className="font-semibold">{tested === "earlier" ? "Warning from the last connectivity test: " : "Warning: "}</span>
      {warning} Use a user that can reach only this database.
    </p>
  );
}
