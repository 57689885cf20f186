"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { GroupConnectivityDialog, type DataSourceOption } from "./group-connectivity-dialog";
import { ResourceGroupFormDialog, type WorkspaceOption } from "./resource-group-form-dialog";

/** Test connectivity (members who edit data sources) and Edit (console administrators). */
export function ResourceGroupRowActions({
  group,
  dataSources,
  canTest,
  admin,
}: {
  group: { id: string; name: string; slots: number; description: string; workersOnline: number; workspaces: { id: string }[] };
  dataSources: DataSourceOption[];
  canTest: boolean;
  /** Set for console administrators: the workspaces to offer in the Edit dialog. */
  admin: { workspaces: WorkspaceOption[]; currentWorkspaceId: string } | null;
}) {
  const [open, setOpen] = useState<"edit" | "test" | null>(null);
  return (
    <div className="flex items-center justify-end gap-1">
      {canTest && (
        <Button size="sm" variant="ghost" onClick={() => setOpen("test")} aria-label={`Test connectivity from ${group.name}`}>
          Test connectivity
        </Button>
      )}
      {admin && (
        <Button size="sm" variant="ghost" className="text-brand-600" onClick={() => setOpen("edit")} aria-label={`Edit ${group.name}`}>
          Edit
        </Button>
      )}
      {open === "edit" && admin && <ResourceGroupFormDialog open existing={group} onClose={() => setOpen(null)} {...admin} />}
      {open === "test" && <GroupConnectivityDialog group={group} dataSources={dataSources} onClose={() => setOpen(null)} />}
    </div>
  );
}
