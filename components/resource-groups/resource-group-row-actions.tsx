"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { GroupConnectivityDialog, type DataSourceOption } from "./group-connectivity-dialog";
import { ResourceGroupFormDialog } from "./resource-group-form-dialog";

export function ResourceGroupRowActions({
  group,
  dataSources,
}: {
  group: { id: string; name: string; slots: number; description: string; workersOnline: number };
  dataSources: DataSourceOption[];
}) {
  const [open, setOpen] = useState<"edit" | "test" | null>(null);
  return (
    <div className="flex items-center justify-end gap-1">
      <Button size="sm" variant="ghost" onClick={() => setOpen("test")} aria-label={`Test connectivity from ${group.name}`}>
        Test connectivity
      </Button>
      <Button size="sm" variant="ghost" className="text-brand-600" onClick={() => setOpen("edit")} aria-label={`Edit ${group.name}`}>
        Edit
      </Button>
      {open === "edit" && <ResourceGroupFormDialog open existing={group} onClose={() => setOpen(null)} />}
      {open === "test" && <GroupConnectivityDialog group={group} dataSources={dataSources} onClose={() => setOpen(null)} />}
    </div>
  );
}
