"use client";
import { json } from "@codemirror/lang-json";
import { PostgreSQL, sql } from "@codemirror/lang-sql";
import CodeMirror from "@uiw/react-codemirror";

/** CodeMirror with SQL or JSON highlighting, sized for dialogs and panels. */
export function CodeEditor({
  value,
  onChange,
  language,
  height = "280px",
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  language: "sql" | "json";
  height?: string;
  label: string;
}) {
  return (
    <div className="overflow-hidden rounded-md border border-slate-300 text-[13px]" aria-label={label} data-editor={label}>
      <CodeMirror
        value={value}
        height={height}
        extensions={[language === "sql" ? sql({ dialect: PostgreSQL }) : json()]}
        onChange={onChange}
        basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: true }}
      />
    </div>
  );
}
