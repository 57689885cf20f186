"use client";
import type { DraftIssue, WizardStep } from "@/lib/wizard/node-draft";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

const stepTitles: Record<WizardStep, string> = {
  connections: "Connections",
  mappings: "Mappings",
  channel: "Channel",
  "resource-group": "Resource Group configuration",
  properties: "Properties",
};

/**
 * What stops the node, step by step, each a link to its field: what is missing before it
 * can run (the Run check), or what Save refuses (`title` says which).
 */
export function RunCheckModal({
  issues,
  onClose,
  onGoTo,
  title = "The node is not ready to run",
}: {
  issues: DraftIssue[];
  onClose: () => void;
  onGoTo: (issue: DraftIssue) => void;
  title?: string;
}) {
  const steps = [...new Set(issues.map((issue) => issue.step))];
  return (
    <Modal open title={title} onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
      <p className="mb-3 text-sm text-slate-600">Fix these first. Click one to go to its field.</p>
      <div className="space-y-4">
        {steps.map((step) => (
          <section key={step}>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{stepTitles[step]}</h3>
            <ul className="space-y-1">
              {issues
                .filter((issue) => issue.step === step)
                .map((issue, index) => (
                  <li key={`${issue.field}-${index}`}>
                    <button type="button" className="text-left text-sm text-brand-700 hover:underline" onClick={() => onGoTo(issue)}>
                      {issue.message}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
    </Modal>
  );
}
