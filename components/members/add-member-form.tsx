"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addMember } from "@/lib/actions/add-member";
import { roleLabels, workspaceRoles, type WorkspaceRole } from "@/lib/auth/roles";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { addMemberFormSchema } from "@/lib/schemas/user-admin";
import { Button } from "@/components/ui/button";
import { SelectInput } from "@/components/ui/field";

/** One line above the member list: a user who is not a member yet, a role, Add. */
export function AddMemberForm({ candidates }: { candidates: { username: string; displayName: string }[] }) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<WorkspaceRole>("developer");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = addMemberFormSchema.safeParse({ username, role });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    startTransition(async () => {
      const result = await addMember(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? "" : result.message);
        return;
      }
      setUsername("");
      setErrors({});
      setMessage("");
      router.refresh();
    });
  }

  const error = errors.username?.[0] ?? errors.role?.[0] ?? message;
  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4" aria-label="Add member">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          User
          <SelectInput value={username} onChange={(e) => setUsername(e.target.value)} className="w-64" invalid={Boolean(errors.username)} aria-label="User to add">
            <option value="">{candidates.length ? "Choose a user…" : "Every user is a member"}</option>
            {candidates.map((candidate) => (
              <option key={candidate.username} value={candidate.username}>
                {candidate.username}
                {candidate.displayName !== candidate.username ? ` (${candidate.displayName})` : ""}
              </option>
            ))}
          </SelectInput>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Role
          <SelectInput value={role} onChange={(e) => setRole(e.target.value as WorkspaceRole)} className="w-56" aria-label="Role of the new member">
            {workspaceRoles.map((value) => (
              <option key={value} value={value}>
                {roleLabels[value]}
              </option>
            ))}
          </SelectInput>
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          Add member
        </Button>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}
