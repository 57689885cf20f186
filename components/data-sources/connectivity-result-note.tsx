export function ConnectivityResultNote({ result }: { result: { ok: boolean; message: string } }) {
  return (
    <p
      role="status"
      className={`rounded-md border px-3 py-2 text-sm ${
        result.ok ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-700"
      }`}
    >
      <span className="font-semibold">{result.ok ? "Connectivity test passed. " : "Connectivity test failed. "}</span>
      {result.message}
    </p>
  );
}
