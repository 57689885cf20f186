"use client";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { inputClass } from "@/components/ui/field";

export type SearchableOption = { value: string; label?: string; hint?: string };

/** A text box that filters a list of options; picking one sets the value. */
export function SearchableSelect({
  id,
  label,
  value,
  options,
  onChange,
  placeholder,
  loading,
  error,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  options: SearchableOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  loading?: boolean;
  error?: string | null;
  disabled?: boolean;
}) {
  // While the user types, the box shows their text; otherwise the chosen value.
  const [typed, setTyped] = useState<string | null>(null);
  const query = typed ?? value;
  const [open, setOpen] = useState(false);
  const listId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) {
        setOpen(false);
        setTyped(null);
      }
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);
  const filtered = useMemo(() => {
    const needle = typed === null ? "" : typed.trim().toLowerCase();
    return options.filter((option) => !needle || option.value.toLowerCase().includes(needle) || option.label?.toLowerCase().includes(needle)).slice(0, 200);
  }, [options, typed]);

  return (
    <div ref={ref} className="relative">
      <input
        id={id}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        autoComplete="off"
        disabled={disabled}
        placeholder={placeholder}
        value={query}
        className={`${inputClass} w-full`}
        onFocus={() => setOpen(true)}
        onChange={(event) => {
          setTyped(event.target.value);
          setOpen(true);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && filtered.length > 0) {
            event.preventDefault();
            onChange(filtered[0].value);
            setTyped(null);
            setOpen(false);
          }
          if (event.key === "Escape") {
            setOpen(false);
            setTyped(null);
          }
        }}
      />
      {open && !disabled && (
        <ul id={listId} role="listbox" aria-label={label} className="absolute z-30 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {loading && <li className="px-3 py-2 text-slate-500">Loading…</li>}
          {error && <li className="px-3 py-2 text-red-600">{error}</li>}
          {!loading && !error && filtered.length === 0 && <li className="px-3 py-2 text-slate-500">Nothing matches “{query}”.</li>}
          {filtered.map((option) => (
            <li
              key={option.value}
              role="option"
              aria-selected={option.value === value}
              className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-1.5 hover:bg-brand-50 ${option.value === value ? "bg-brand-50 font-medium text-brand-700" : ""}`}
              onMouseDown={(event) => {
                event.preventDefault();
                onChange(option.value);
                setTyped(null);
                setOpen(false);
              }}
            >
              <span className="truncate">{option.label ?? option.value}</span>
              {option.hint && <span className="shrink-0 text-xs text-slate-400">{option.hint}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
