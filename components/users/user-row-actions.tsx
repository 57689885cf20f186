"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { resetUserPassword } from "@/lib/actions/reset-user-password";
import { setUserDisabled } from "@/lib/actions/set-user-disabled";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { OneTimePasswordDialog } from "./one-time-password-dialog";

/** Disable or enable a user, and reset their password (after confirming). */
export function UserRowActions({ user, isSelf }: { user: { id: string; username: string; disabled: boolean }; isSelf: boolean }) {
  const router = useRouter();
  const [confirmReset, setConfirmReset] = useState(false);
  const [reset, setReset] = useState<{ username: string; password: string } | null>(null);
  const [error, setError] = useState("");
  const [pending, startTransition] = useTransition();

  const toggleDisabled = () =>
    startTransition(async () => {
      const result = await setUserDisabled({ userId: user.id, disabled: !user.disabled });
      setError(result.ok ? "" : result.message);
      router.refresh();
    });

  const resetPassword = () =>
    startTransition(async () => {
      const result = await resetUserPassword({ userId: user.id });
      setConfirmReset(false);
      if (!result.ok) return setError(result.message);
      setReset(result.data);
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center justify-end gap-1">
        <Button size="sm" variant="ghost" onClick={() => setConfirmReset(true)} disabled={pending} aria-label={`Reset the password of ${user.username}`}>
          Reset password
        </Button>
        {!isSelf && (
          <Button size="sm" variant={user.disabled ? "ghost" : "danger"} onClick={toggleDisabled} disabled={pending} aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.username}`}>
            {user.disabled ? "Enable" : "Disable"}
          </Button>
        )}
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
      {confirmReset && (
        <Modal
          open
          title={`Reset the password of ${user.username}?`}
          onClose={() => setConfirmReset(false)}
          footer={
            <>
              <Button onClick={() => setConfirmReset(false)}>Cancel</Button>
              <Button variant="danger" onClick={resetPassword} disabled={pending}>
                Reset password
              </Button>
            </>
          }
        >
          <p className="text-sm text-slate-600">
            {user.username} is signed out everywhere and gets a generated password, shown to you once. They must choose a new one at the next login.
          </p>
        </Modal>
      )}
      {reset && <OneTimePasswordDialog {...reset} onClose={() => setReset(null)} />}
    </div>
  );
}
