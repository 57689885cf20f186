"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { connectorSpecs } from "@/lib/sync-engine/connectors/connector-specs";

// Grouped as DataWorks groups its "Add data source" dialog; the types are the registry's.
const looks: Record<string, { note: string; mark: string; color: string }> = {
  odps: { note: "Read tables and partitions through Tunnel", mark: "ODPS", color: "bg-orange-500" },
  holo: { note: "Write with COPY or INSERT; read back with COPY", mark: "Holo", color: "bg-brand-600" },
  mysql: { note: "Read tables or a query; split by an integer key", mark: "MySQL", color: "bg-sky-600" },
  postgresql: { note: "Read tables or a query with COPY", mark: "PG", color: "bg-indigo-600" },
};
const groups = (["Big Data Storage", "Relational Database"] as const).map((title) => ({
  title,
  types: connectorSpecs
    .filter((spec) => spec.group === title)
    .map((spec) => ({ type: spec.dataSourceType, label: spec.label, ...(looks[spec.dataSourceType] ?? { note: "", mark: spec.label.slice(0, 4), color: "bg-slate-600" }) })),
}));

export function NewDataSourceButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        New data source
      </Button>
      <Modal open={open} title="Add data source" onClose={() => setOpen(false)} width="max-w-xl">
        {groups.map((group) => (
          <section key={group.title} className="mb-4">
            <h3 className="mb-2 text-xs font-semibold uppercase tracking-wider text-slate-500">{group.title}</h3>
            <div className="grid grid-cols-2 gap-3">
              {group.types.map((item) => (
                <Link
                  key={item.type}
                  href={`/data-sources/new/${item.type}`}
                  className="group flex items-start gap-3 rounded-lg border border-slate-200 p-3 hover:border-brand-500 hover:bg-brand-50"
                >
                  <span className={`flex h-9 w-9 shrink-0 items-center justify-center rounded-md text-[10px] font-bold text-white ${item.color}`}>
                    {item.mark}
                  </span>
                  <span>
                    <span className="block text-sm font-medium text-slate-900 group-hover:text-brand-700">{item.label}</span>
                    <span className="block text-xs text-slate-500">{item.note}</span>
                  </span>
                </Link>
              ))}
            </div>
          </section>
        ))}
      </Modal>
    </>
  );
}
