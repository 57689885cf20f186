"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ResourceGroupFormDialog, type WorkspaceOption } from "./resource-group-form-dialog";

export function CreateResourceGroupButton(props: { workspaces: WorkspaceOption[]; currentWorkspaceId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create an exclusive data integration resource group
      </Button>
      {open && <ResourceGroupFormDialog open onClose={() => setOpen(false)} {...props} />}
    </>
  );
}
