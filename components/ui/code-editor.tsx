"use client";
import { json } from "@codemirror/lang-json";
import { PostgreSQL, sql } from "@codemirror/lang-sql";
import CodeMirror, { type Extension } from "@uiw/react-codemirror";
import { useMemo } from "react";

/**
 * CodeMirror with SQL (PostgreSQL dialect, optional table-name completion) or JSON
 * highlighting. Extra extensions (a key binding, say) go after the language.
 */
export function CodeEditor({
  value,
  onChange,
  language,
  height = "280px",
  label,
  tableNames,
  extensions = [],
}: {
  value: string;
  onChange: (value: string) => void;
  language: "sql" | "json";
  height?: string;
  label: string;
  tableNames?: string[];
  extensions?: Extension[];
}) {
  const all = useMemo(
    () => [
      language === "sql"
        ? sql({ dialect: PostgreSQL, schema: tableNames ? Object.fromEntries(tableNames.map((name) => [name, []])) : undefined })
        : json(),
      ...extensions,
    ],
    [language, tableNames, extensions],
  );
  return (
    <div className="overflow-hidden rounded-md border border-slate-300 text-[13px]" aria-label={label} data-editor={language}>
      <CodeMirror value={value} height={height} extensions={all} onChange={onChange} basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: true }} />
    </div>
  );
}
