"use client";
import { keymap, Prec } from "@uiw/react-codemirror";
import { useMemo } from "react";
import { CodeEditor } from "@/components/ui/code-editor";

/** The Query page's editor: table names completed, Ctrl/Cmd+Enter runs. */
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
  // Above the default keymap, which would insert a new line.
  const extensions = useMemo(() => [Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }]))], [onRun]);
  return <CodeEditor label="SQL editor" language="sql" value={value} onChange={onChange} height="200px" tableNames={tableNames} extensions={extensions} />;
}
