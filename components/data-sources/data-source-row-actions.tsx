"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteDataSource } from "@/lib/actions/delete-data-source";
import { testDataSourceConnectivity } from "@/lib/actions/test-data-source-connectivity";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

/** Sits in the Connectivity column, under the last result it refreshes. */
export function TestConnectivityButton({ id }: { id: string }) {
  const router = useRouter();
  const [testing, startTesting] = useTransition();
  return (
    <button
      type="button"
      disabled={testing}
      className="mt-1 text-xs font-medium text-brand-600 hover:underline disabled:text-slate-400"
      onClick={() =>
        startTesting(async () => {
          await testDataSourceConnectivity({ id });
          router.refresh();
        })
      }
    >
      {testing ? "Testing…" : "Test connectivity"}
    </button>
  );
}

export function DataSourceRowActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [deleting, startDeleting] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState("");

  return (
    <div className="flex items-center justify-end gap-1">
      <Link href={`/data-sources/${id}/edit`} className="rounded px-2 py-1 text-xs font-medium text-brand-600 hover:bg-brand-50">
        Edit
      </Link>
      <Button size="sm" variant="ghost" className="text-red-600" onClick={() => { setError(""); setConfirming(true); }}>
        Delete
      </Button>
      <Modal
        open={confirming}
        title={`Delete ${name}?`}
        onClose={() => setConfirming(false)}
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button
              variant="danger"
              disabled={deleting}
              onClick={() =>
                startDeleting(async () => {
                  const result = await deleteDataSource({ id });
                  if (!result.ok) {
                    setError(result.message);
                    return;
                  }
                  setConfirming(false);
                  router.refresh();
                })
              }
            >
              {deleting ? "Deleting…" : "Delete"}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          The data source <strong>{name}</strong> and its configurations will be deleted. Sync nodes that use it must be changed first.
        </p>
        {error && (
          <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
      </Modal>
    </div>
  );
}
