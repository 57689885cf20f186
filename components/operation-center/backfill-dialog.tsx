"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createBackfill } from "@/lib/actions/create-backfill";
import { listBackfillDescendants } from "@/lib/actions/list-backfill-descendants";
import { backfillRequestSchema, maxBackfillRanges, type BackfillRequest } from "@/lib/scheduling/backfill-plan";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { Button } from "@/components/ui/button";
import { Field, SelectInput, TextInput } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";

type Node = { id: string; name: string; cycle: string | null; cycleType: string | null };
type Descendant = { id: string; name: string; level: number };

const hasWindow = (cycleType: string | null) => cycleType === "minute" || cycleType === "hour" || cycleType === "hours";

/**
 * Data Backfill from a node of Auto Triggered Nodes: business-date ranges (up to 7), a time
 * window for hourly and minute nodes, parallelism, order, and whether future dates run now.
 * With current and descendant nodes, the deployed descendants are listed, all chosen; an
 * unchosen one runs as a dry run (excludedNodeIds), so the nodes below it still run.
 * Checked with backfillRequestSchema here and again by the server action.
 */
export function BackfillDialog({ node, defaultBizdate, timeZone, onClose }: { node: Node; defaultBizdate: string; timeZone: string; onClose: () => void }) {
  const router = useRouter();
  const [request, setRequest] = useState<BackfillRequest>({
    scope: "currentNode",
    ranges: [{ start: defaultBizdate, end: defaultBizdate }],
    window: hasWindow(node.cycleType) ? { start: "00:00", end: "23:59" } : null,
    parallelism: 1,
    order: "asc",
    runFutureNow: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [descendants, setDescendants] = useState<Descendant[] | null>(null);
  const [descendantsError, setDescendantsError] = useState<string | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const withDescendants = request.scope === "currentAndDescendants";
  useEffect(() => {
    if (!withDescendants || descendants) return;
    let current = true;
    listBackfillDescendants({ nodeId: node.id }).then((result) => {
      if (!current) return;
      if (result.ok) setDescendants(result.data);
      else setDescendantsError(result.message);
    });
    return () => {
      current = false;
    };
  }, [withDescendants, descendants, node.id]);
  const toggle = (id: string, chosen: boolean) =>
    setExcluded((current) => {
      const next = new Set(current);
      if (chosen) next.delete(id);
      else next.add(id);
      return next;
    });
  // An edit clears the errors shown: they described the values before it (the next Run backfill checks again).
  const set = (patch: Partial<BackfillRequest>) => {
    setErrors({});
    setRequest((current) => ({ ...current, ...patch }));
  };
  const setRange = (index: number, patch: Partial<BackfillRequest["ranges"][number]>) =>
    set({ ranges: request.ranges.map((range, i) => (i === index ? { ...range, ...patch } : range)) });
  const error = (key: string) => errors[key] ?? errors[`request.${key}`];

  const submit = async () => {
    setMessage(null);
    const checked = backfillRequestSchema.safeParse(request);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const excludedNodeIds = withDescendants ? (descendants ?? []).filter((d) => excluded.has(d.id)).map((d) => d.id) : [];
      const result = await createBackfill({ nodeId: node.id, request: checked.data, excludedNodeIds });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
        return;
      }
      router.push(`/operation-center/backfills/${result.data.backfillId}`);
    } finally {
      setPending(false);
    }
  };

  return (
    <FormModal open title={`Data Backfill: ${node.name}`} onClose={onClose} onSubmit={submit} submitLabel={pending ? "Creating…" : "Run backfill"} pending={pending} width="max-w-2xl">
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          Runs the deployed version for each business date: <code className="font-mono">bizdate</code> is the chosen date, <code className="font-mono">cyctime</code> the next day at
          the node&apos;s time{node.cycle ? ` (${node.cycle})` : ""}, in {timeZone}.
        </p>
        {message && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {message}
          </p>
        )}
        <Field label="Scope" htmlFor="backfill-scope" errors={error("scope")} hint="Descendants run after their parents within each business date.">
          <SelectInput id="backfill-scope" className="max-w-xs" value={request.scope} onChange={(event) => set({ scope: event.target.value as BackfillRequest["scope"] })}>
            <option value="currentNode">Current node</option>
            <option value="currentAndDescendants">Current and descendant nodes</option>
          </SelectInput>
        </Field>
        {withDescendants && (
          <Field label="Descendant nodes" errors={error("excludedNodeIds")} hint="An unchosen node runs as a dry run (succeeds at once without running), so the nodes below it still run.">
            {descendantsError ? (
              <p role="alert" className="text-sm text-red-600">
                {descendantsError}
              </p>
            ) : !descendants ? (
              <p className="text-sm text-slate-500">Loading the descendants…</p>
            ) : !descendants.length ? (
              <p className="text-sm text-slate-500">No deployed node depends on {node.name}: only this node is backfilled.</p>
            ) : (
              <ul aria-label="Descendant nodes" className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
                {descendants.map((descendant) => (
                  <li key={descendant.id} style={{ paddingLeft: `${(descendant.level - 1) * 1.25}rem` }}>
                    <label className="flex items-center gap-2 text-sm text-slate-700">
                      <input type="checkbox" checked={!excluded.has(descendant.id)} onChange={(event) => toggle(descendant.id, event.target.checked)} />
                      <span className="font-mono">{descendant.name}</span>
                      <span className="text-xs text-slate-400">level {descendant.level}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </Field>
        )}
        <Field label="Business dates" required errors={error("ranges")} hint={`Up to ${maxBackfillRanges} ranges; a date in two ranges runs once.`}>
          <ol className="space-y-2" aria-label="Business-date ranges">
            {request.ranges.map((range, index) => {
              const rangeErrors = [...(error(`ranges.${index}.start`) ?? []), ...(error(`ranges.${index}.end`) ?? [])];
              return (
                <li key={index}>
                  <div className="flex items-center gap-2">
                    <TextInput type="date" aria-label={`Range ${index + 1} start`} className="w-40" value={range.start} invalid={rangeErrors.length > 0} onChange={(event) => setRange(index, { start: event.target.value })} />
                    <span className="text-slate-400">to</span>
                    <TextInput type="date" aria-label={`Range ${index + 1} end`} className="w-40" value={range.end} invalid={rangeErrors.length > 0} onChange={(event) => setRange(index, { end: event.target.value })} />
                    {request.ranges.length > 1 && (
                      <Button size="sm" variant="ghost" aria-label={`Remove range ${index + 1}`} onClick={() => set({ ranges: request.ranges.filter((_, i) => i !== index) })}>
                        Remove
                      </Button>
                    )}
                  </div>
                  {rangeErrors.length > 0 && (
                    <p role="alert" className="mt-1 text-xs text-red-600">
                      {rangeErrors[0]}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          {request.ranges.length < maxBackfillRanges && (
            <Button size="sm" className="mt-2" onClick={() => set({ ranges: [...request.ranges, { start: request.ranges[request.ranges.length - 1].end, end: request.ranges[request.ranges.length - 1].end }] })}>
              Add range
            </Button>
          )}
        </Field>
        {request.window && (
          <Field label="Time window" errors={[...(error("window.start") ?? []), ...(error("window.end") ?? [])]} hint="Only the instances whose time of day is in the window run.">
            <div className="flex items-center gap-2">
              <TextInput type="time" aria-label="Window start" className="w-32" value={request.window.start} onChange={(event) => set({ window: { ...request.window!, start: event.target.value } })} />
              <span className="text-slate-400">to</span>
              <TextInput type="time" aria-label="Window end" className="w-32" value={request.window.end} onChange={(event) => set({ window: { ...request.window!, end: event.target.value } })} />
            </div>
          </Field>
        )}
        <Field label="Parallelism" htmlFor="backfill-parallelism" errors={error("parallelism")} hint="1 runs one business date after another; up to 10 dates at once.">
          <SelectInput id="backfill-parallelism" className="w-48" value={request.parallelism} onChange={(event) => set({ parallelism: Number(event.target.value) })}>
            {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n === 1 ? "1 (one date at a time)" : `${n} dates at once`}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label="Order" htmlFor="backfill-order" errors={error("order")}>
          <SelectInput id="backfill-order" className="w-48" value={request.order} onChange={(event) => set({ order: event.target.value as BackfillRequest["order"] })}>
            <option value="asc">Oldest date first</option>
            <option value="desc">Newest date first</option>
          </SelectInput>
        </Field>
        <Field label="Future dates" errors={error("runFutureNow")}>
          <label className="flex items-center gap-2 pt-2 text-sm text-slate-700">
            <input type="checkbox" checked={request.runFutureNow} onChange={(event) => set({ runFutureNow: event.target.checked })} />
            Run now instead of waiting for their scheduled time
          </label>
        </Field>
      </div>
    </FormModal>
  );
}
