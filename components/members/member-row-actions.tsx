"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeMemberRole } from "@/lib/actions/change-member-role";
import { removeMember } from "@/lib/actions/remove-member";
import { roleLabels, workspaceRoles, type WorkspaceRole } from "@/lib/auth/roles";
import { Button } from "@/components/ui/button";
import { SelectInput } from "@/components/ui/field";

/** The role picker and Remove of one member, for workspace administrators. */
export function MemberRowActions({ member }: { member: { userId: string; username: string; role: WorkspaceRole } }) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [pending, startTransition] = useTransition();

  const act = (call: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      const result = await call();
      setError(result.ok ? "" : (result.message ?? ""));
      router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <SelectInput
          aria-label={`Role of ${member.username}`}
          value={member.role}
          disabled={pending}
          className="w-56"
          onChange={(e) => act(() => changeMemberRole({ userId: member.userId, role: e.target.value as WorkspaceRole }))}
        >
          {workspaceRoles.map((value) => (
            <option key={value} value={value}>
              {roleLabels[value]}
            </option>
          ))}
        </SelectInput>
        <Button size="sm" variant="danger" disabled={pending} aria-label={`Remove ${member.username}`} onClick={() => act(() => removeMember({ userId: member.userId }))}>
          Remove
        </Button>
      </div>
      {error && (
        <p role="alert" className="max-w-sm text-right text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
