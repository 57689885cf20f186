"use client";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

/** Shows a generated password once: it is not stored anywhere the console can show it again. */
export function OneTimePasswordDialog({ username, password, onClose }: { username: string; password: string; onClose: () => void }) {
  return (
    <Modal open title={`Password for ${username}`} onClose={onClose} footer={<Button variant="primary" onClick={onClose}>Done</Button>}>
      <div className="space-y-3 text-sm">
        <p className="text-slate-600">Give this password to {username} over a channel only they read. It is shown only now; {username} must choose a new one at the first login.</p>
        <p className="select-all rounded-md bg-slate-900 px-3 py-2 font-mono text-base tracking-wide text-white" aria-label="One-time password">
          {password}
        </p>
      </div>
    </Modal>
  );
}
