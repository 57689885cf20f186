"use client";
import { useState, useTransition } from "react";
import { commitNode } from "@/lib/actions/commit-node";
import type { CommitProblem } from "@/lib/scheduling/commit-deploy";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";

/**
 * Commit: a change description, then the server's checks. What it refuses is listed (the
 * wizard checked first, so this is what only the server sees: data sources, a save made
 * elsewhere in between).
 */
export function CommitDialog({
  nodeId,
  nodeName,
  savedVersion,
  workspaceMode,
  onClose,
  onCommitted,
}: {
  nodeId: string;
  nodeName: string;
  savedVersion: number;
  workspaceMode: "basic" | "standard";
  onClose: () => void;
  onCommitted: (result: { version: number; deployed: boolean }) => void;
}) {
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<CommitProblem[]>([]);
  const [pending, startCommit] = useTransition();

  function submit() {
    setError(null);
    setProblems([]);
    startCommit(async () => {
      const result = await commitNode({ nodeId, savedVersion, description });
      if (!result.ok) {
        setError(result.fieldErrors?.description?.[0] ?? result.message);
        return;
      }
      if (result.data.status === "refused") {
        setProblems(result.data.problems);
        return;
      }
      onCommitted(result.data);
    });
  }

  return (
    <Modal
      open
      title={`Commit ${nodeName}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={pending} onClick={submit}>
            {pending ? "Committing…" : workspaceMode === "basic" ? "Commit and deploy" : "Commit"}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm">
        <p className="text-slate-600">
          Commits the node as saved (save {savedVersion}): its job spec, scheduling properties, arguments and resource group.{" "}
          {workspaceMode === "basic"
            ? "This workspace is in basic mode: the committed version goes into production at once and is scheduled."
            : "It then waits on the Deploy page until someone with the deploy right makes it production."}
        </p>
        <div>
          <label htmlFor="commit-description" className="mb-1 block text-xs font-medium text-slate-700">
            <span className="mr-0.5 text-red-500">*</span>Change description
          </label>
          <TextArea
            id="commit-description"
            rows={3}
            maxLength={500}
            value={description}
            invalid={Boolean(error)}
            placeholder="What changed, for example: run daily at 05:30 instead of 00:10"
            onChange={(event) => {
              setDescription(event.target.value);
              setError(null);
            }}
          />
          {error && (
            <p id="commit-description-error" role="alert" className="mt-1 text-xs text-red-600">
              {error}
            </p>
          )}
        </div>
        {problems.length > 0 && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">
            <p className="mb-1 font-medium">Not committed. Fix these, save, and commit again:</p>
            <ul className="list-disc space-y-0.5 pl-4">
              {problems.map((problem, index) => (
                <li key={index}>
                  <span className="font-mono">{problem.path}</span>: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Modal>
  );
}
