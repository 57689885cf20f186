"use client";
import { useMemo, useRef, useState } from "react";
import type { Mapping, NodeDraft, SourceField, SourceFieldKind } from "@/lib/wizard/node-draft";
import { Button } from "@/components/ui/button";
import { SelectInput, TextInput } from "@/components/ui/field";
import type { SourceColumn, TargetColumn } from "./queries/catalog-types";
import { mapSameLine, mapSameName, mappingProblem } from "./mapping-rules";
import type { UpdateDraft } from "./wizard-types";

const rowHeight = 36;
const headerHeight = 40;
const gutter = 200;

const kindLabels: Record<SourceFieldKind, string> = { column: "", partition: "partition", constant: "constant", parameter: "parameter" };

export function sourceFieldsOf(draft: NodeDraft, columns: SourceColumn[]): SourceField[] {
  return [...columns.map((c) => ({ kind: "column" as const, expression: c.name, type: c.type, nativeType: c.nativeType })), ...draft.reader.extraFields];
}

export function MappingsStep({
  draft,
  update,
  sourceColumns,
  partitionColumns,
  targetColumns,
}: {
  draft: NodeDraft;
  update: UpdateDraft;
  sourceColumns: SourceColumn[];
  partitionColumns: SourceColumn[];
  targetColumns: TargetColumn[];
}) {
  const allSources = useMemo(() => sourceFieldsOf(draft, sourceColumns), [draft, sourceColumns]);
  const [order, setOrder] = useState<string[] | null>(null);
  const sources = useMemo(() => {
    if (!order) return allSources;
    const rank = (field: SourceField) => {
      const index = order.indexOf(field.expression);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    return [...allSources].sort((a, b) => rank(a) - rank(b));
  }, [allSources, order]);
  const [selected, setSelected] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ source: string; x: number; y: number } | null>(null);
  const [notice, setNotice] = useState<{ tone: "info" | "warning"; text: string } | null>(null);
  const inform = (text: string) => setNotice({ tone: "info", text });
  const warn = (text: string) => setNotice({ tone: "warning", text });
  const svgRef = useRef<SVGSVGElement>(null);

  const sourceIndex = (expression: string) => sources.findIndex((field) => field.expression === expression);
  const targetIndex = (name: string) => targetColumns.findIndex((column) => column.name === name);
  const rowCenter = (index: number) => headerHeight + index * rowHeight + rowHeight / 2;
  const height = headerHeight + Math.max(sources.length, targetColumns.length, 1) * rowHeight + 8;

  function setMappings(next: Mapping[]) {
    // Columns map by position in the job spec; keep them in the target table's order.
    const sorted = [...next].sort((a, b) => targetIndex(a.target) - targetIndex(b.target));
    update((d) => void (d.mappings = sorted));
  }

  function connect(source: string, target: string) {
    const field = sources.find((f) => f.expression === source);
    const column = targetColumns.find((c) => c.name === target);
    const problem = mappingProblem(field, column);
    if (problem) warn(`${source} → ${target}: ${problem}. The mapping is flagged; fix it before running.`);
    else setNotice(null);
    // One source per target and one target per source, as DataWorks draws them.
    setMappings([...draft.mappings.filter((m) => m.target !== target && m.source !== source), { source, target }]);
    setSelected(null);
  }

  function pointer(event: React.MouseEvent) {
    const box = svgRef.current?.getBoundingClientRect();
    return box ? { x: event.clientX - box.left, y: event.clientY - box.top } : { x: 0, y: 0 };
  }

  const problems = draft.mappings
    .map((m) => ({ mapping: m, problem: mappingProblem(allSources.find((f) => f.expression === m.source), targetColumns.find((c) => c.name === m.target)) }))
    .filter((entry) => entry.problem);

  const unaddedPartitions = partitionColumns.filter((c) => !draft.reader.extraFields.some((f) => f.kind === "partition" && f.expression.toLowerCase() === c.name.toLowerCase()));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Mapping actions">
        <Button
          size="sm"
          onClick={() => {
            const result = mapSameName(sources, targetColumns);
            setMappings(result.mappings);
            if (result.skipped.length) warn(`Not mapped because the types do not fit: ${result.skipped.join(", ")}.`);
            else inform(`${result.mappings.length} fields mapped by name.`);
          }}
        >
          Map Fields with the Same Name
        </Button>
        <Button
          size="sm"
          onClick={() => {
            const result = mapSameLine(sources, targetColumns);
            setMappings(result.mappings);
            if (result.skipped.length) warn(`Not mapped because the types do not fit: ${result.skipped.join(", ")}.`);
            else inform(`${result.mappings.length} fields mapped line by line.`);
          }}
        >
          Map Fields in the Same Line
        </Button>
        <Button size="sm" onClick={() => { setMappings([]); setNotice(null); }}>
          Delete All Mappings
        </Button>
        <Button
          size="sm"
          onClick={() => {
            // Mapped sources move level with their targets, unmapped ones follow.
            const mapped = [...draft.mappings].sort((a, b) => targetIndex(a.target) - targetIndex(b.target)).map((m) => m.source);
            setOrder([...mapped, ...allSources.map((f) => f.expression).filter((e) => !mapped.includes(e))]);
          }}
        >
          Auto Layout
        </Button>
        <span className="ml-auto text-xs text-slate-500">
          {draft.mappings.length} of {targetColumns.length} target fields mapped
        </span>
      </div>

      <AddSourceField
        unaddedPartitions={unaddedPartitions}
        onAdd={(field) => {
          if (allSources.some((f) => f.expression === field.expression)) {
            warn(`${field.expression} is already a source field.`);
            return;
          }
          update((d) => void d.reader.extraFields.push(field));
          setNotice(null);
        }}
      />

      {notice && (
        <p role="status" className={`rounded-md px-3 py-2 text-sm ${notice.tone === "warning" ? "bg-amber-50 text-amber-800" : "bg-slate-100 text-slate-700"}`}>
          {notice.text}
        </p>
      )}

      <div
        className="relative grid select-none rounded-lg border border-slate-200 bg-white"
        style={{ gridTemplateColumns: `1fr ${gutter}px 1fr` }}
        onMouseMove={(event) => drag && setDrag({ ...drag, ...pointer(event) })}
        onMouseUp={() => setDrag(null)}
        onMouseLeave={() => setDrag(null)}
      >
        <ul aria-label="Source fields" className="min-w-0">
          <li className="flex items-center justify-between border-b border-slate-100 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500" style={{ height: headerHeight }}>
            <span>Source field</span>
            <span>Type</span>
          </li>
          {sources.map((field) => {
            const mapped = draft.mappings.some((m) => m.source === field.expression);
            return (
              <li
                key={field.expression}
                className={`group flex items-center gap-2 px-3 text-sm ${selected === field.expression ? "bg-brand-50" : "hover:bg-slate-50"}`}
                style={{ height: rowHeight }}
              >
                <button
                  type="button"
                  aria-pressed={selected === field.expression}
                  aria-label={`Source field ${field.expression}`}
                  className="flex min-w-0 flex-1 items-center gap-2 text-left"
                  onClick={() => setSelected(selected === field.expression ? null : field.expression)}
                >
                  <span className="truncate font-mono text-[13px] text-slate-800">{field.expression}</span>
                  {field.kind !== "column" && <span className="rounded bg-violet-50 px-1 text-[10px] text-violet-700">{kindLabels[field.kind]}</span>}
                </button>
                <span className="shrink-0 font-mono text-xs text-slate-500">{field.nativeType ?? field.type}</span>
                {field.kind !== "column" && (
                  <button
                    type="button"
                    aria-label={`Remove source field ${field.expression}`}
                    className="text-xs text-slate-400 hover:text-red-600"
                    onClick={() =>
                      update((d) => {
                        d.reader.extraFields = d.reader.extraFields.filter((f) => f.expression !== field.expression);
                        d.mappings = d.mappings.filter((m) => m.source !== field.expression);
                      })
                    }
                  >
                    ✕
                  </button>
                )}
                <span
                  role="presentation"
                  title="Drag to a target field"
                  onMouseDown={(event) => {
                    event.preventDefault();
                    setDrag({ source: field.expression, ...pointer(event) });
                  }}
                  className={`h-3 w-3 shrink-0 cursor-crosshair rounded-full border-2 ${mapped ? "border-brand-600 bg-brand-600" : "border-slate-400 bg-white group-hover:border-brand-500"}`}
                />
              </li>
            );
          })}
          {sources.length === 0 && <li className="px-3 py-4 text-sm text-slate-500">Choose a source table in Connections.</li>}
        </ul>

        <svg ref={svgRef} width={gutter} height={height} className="overflow-visible" aria-label="Mappings">
          {draft.mappings.map((mapping) => {
            const from = sourceIndex(mapping.source);
            const to = targetIndex(mapping.target);
            if (from < 0 || to < 0) return null;
            const y1 = rowCenter(from);
            const y2 = rowCenter(to);
            const path = `M 0 ${y1} C ${gutter / 2} ${y1}, ${gutter / 2} ${y2}, ${gutter} ${y2}`;
            const problem = mappingProblem(sources[from], targetColumns[to]);
            const remove = () => setMappings(draft.mappings.filter((m) => m !== mapping));
            return (
              <g
                key={`${mapping.source}->${mapping.target}`}
                role="button"
                tabIndex={0}
                aria-label={`Mapping ${mapping.source} to ${mapping.target}${problem ? ` (${problem})` : ""}`}
                className="group/line cursor-pointer outline-none"
                onClick={remove}
                onKeyDown={(event) => (event.key === "Enter" || event.key === "Delete") && remove()}
              >
                <title>{problem ? `${problem}. Click to remove.` : "Click to remove this mapping"}</title>
                <path d={path} fill="none" stroke={problem ? "#dc2626" : "#3b6ef5"} strokeWidth={1.8} strokeDasharray={problem ? "5 4" : undefined} />
                <path d={path} fill="none" stroke="transparent" strokeWidth={12} />
                {/* A handle in the middle: a target to click, shown on hover and focus. */}
                <circle
                  cx={gutter / 2}
                  cy={(y1 + y2) / 2}
                  r={7}
                  className="fill-white stroke-slate-300 opacity-0 group-hover/line:opacity-100 group-focus/line:opacity-100"
                />
                <text
                  x={gutter / 2}
                  y={(y1 + y2) / 2 + 3.5}
                  textAnchor="middle"
                  className="fill-red-600 text-[10px] opacity-0 group-hover/line:opacity-100 group-focus/line:opacity-100"
                >
                  ×
                </text>
              </g>
            );
          })}
          {drag && sourceIndex(drag.source) >= 0 && (
            <path
              d={`M 0 ${rowCenter(sourceIndex(drag.source))} L ${Math.max(0, drag.x)} ${drag.y}`}
              stroke="#3b6ef5"
              strokeDasharray="4 3"
              strokeWidth={1.5}
              fill="none"
              pointerEvents="none"
            />
          )}
        </svg>

        <ul aria-label="Target fields" className="min-w-0">
          <li className="flex items-center justify-between border-b border-slate-100 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500" style={{ height: headerHeight }}>
            <span>Target field</span>
            <span>Type</span>
          </li>
          {targetColumns.map((column) => {
            const mapping = draft.mappings.find((m) => m.target === column.name);
            const problem = mapping ? mappingProblem(allSources.find((f) => f.expression === mapping.source), column) : null;
            return (
              <li
                key={column.name}
                className={`flex items-center gap-2 px-3 text-sm ${drag || selected ? "cursor-pointer hover:bg-brand-50" : ""}`}
                style={{ height: rowHeight }}
                onMouseUp={() => drag && connect(drag.source, column.name)}
              >
                <span className={`h-3 w-3 shrink-0 rounded-full border-2 ${mapping ? (problem ? "border-red-600 bg-red-600" : "border-brand-600 bg-brand-600") : "border-slate-400 bg-white"}`} />
                <button
                  type="button"
                  aria-label={`Target field ${column.name}`}
                  className="min-w-0 flex-1 truncate text-left font-mono text-[13px] text-slate-800"
                  onClick={() => selected && connect(selected, column.name)}
                >
                  {column.name}
                </button>
                {problem && (
                  <span title={problem} aria-label={`Type problem: ${problem}`} className="text-xs text-red-600">
                    ⚠
                  </span>
                )}
                <span className="shrink-0 font-mono text-xs text-slate-500">{column.type}</span>
              </li>
            );
          })}
          {targetColumns.length === 0 && <li className="px-3 py-4 text-sm text-slate-500">Choose or create a target table in Connections.</li>}
        </ul>
      </div>
      <p className="text-xs text-slate-500">Drag from a source field&apos;s dot to a target field, or click a source field and then a target field. Click a line to remove it.</p>
      {problems.length > 0 && (
        <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" aria-label="Type problems">
          {problems.map(({ mapping, problem }) => (
            <li key={mapping.target}>
              <span className="font-mono">{mapping.source}</span> → <span className="font-mono">{mapping.target}</span>: {problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AddSourceField({ unaddedPartitions, onAdd }: { unaddedPartitions: SourceColumn[]; onAdd: (field: SourceField) => void }) {
  const [kind, setKind] = useState<"partition" | "constant" | "parameter">(unaddedPartitions.length ? "partition" : "constant");
  const [value, setValue] = useState("");
  const effectiveKind = kind === "partition" && unaddedPartitions.length === 0 ? "constant" : kind;
  function add() {
    if (effectiveKind === "partition") {
      const column = unaddedPartitions.find((c) => c.name === value) ?? unaddedPartitions[0];
      onAdd({ kind: "partition", expression: column.name, type: column.type });
    } else if (effectiveKind === "constant") {
      if (!value.trim()) return;
      const text = value.trim().replace(/^'|'$/g, "");
      onAdd({ kind: "constant", expression: `'${text}'`, type: "string" });
    } else {
      if (!value.trim()) return;
      const name = value.trim().replace(/^\$\{|\}$/g, "");
      onAdd({ kind: "parameter", expression: `\${${name}}`, type: "string" });
    }
    setValue("");
  }
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2 text-sm">
      <span className="text-slate-600">Add a source field:</span>
      <SelectInput aria-label="Kind of source field" className="w-40" value={effectiveKind} onChange={(event) => { setKind(event.target.value as typeof kind); setValue(""); }}>
        {unaddedPartitions.length > 0 && <option value="partition">Partition field</option>}
        <option value="constant">Constant</option>
        <option value="parameter">Parameter</option>
      </SelectInput>
      {effectiveKind === "partition" ? (
        <SelectInput aria-label="Partition field" className="w-48" value={value || unaddedPartitions[0]?.name} onChange={(event) => setValue(event.target.value)}>
          {unaddedPartitions.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </SelectInput>
      ) : (
        <TextInput
          aria-label={effectiveKind === "constant" ? "Constant value" : "Parameter name"}
          className="w-56"
          placeholder={effectiveKind === "constant" ? "abc" : "bizdate"}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => event.key === "Enter" && add()}
        />
      )}
      <Button size="sm" onClick={add}>
        Add
      </Button>
    </div>
  );
}
