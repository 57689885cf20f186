"use client";
import { PostgreSQL, sql } from "@codemirror/lang-sql";
import CodeMirror, { keymap, Prec } from "@uiw/react-codemirror";
import { useMemo } from "react";

/** The SQL editor: PostgreSQL highlighting, table names completed, Ctrl/Cmd+Enter runs. */
export function SqlEditor({
  value,
  onChange,
  onRun,
  tableNames,
}: {
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  tableNames: string[];
}) {
  const extensions = useMemo(
    () => [
      sql({ dialect: PostgreSQL, schema: Object.fromEntries(tableNames.map((name) => [name, []])) }),
      // Above the default keymap, which would insert a new line.
      Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
    ],
    [tableNames, onRun],
  );
  return (
    <div className="overflow-hidden rounded-md border border-slate-300 text-[13px]" aria-label="SQL editor" data-editor="sql">
      <CodeMirror value={value} height="200px" extensions={extensions} onChange={onChange} basicSetup={{ lineNumbers: true, foldGutter: false }} />
    </div>
  );
}
