"use client";
import type { DraftIssue, WizardStep } from "@/lib/wizard/node-draft";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

const stepTitles: Record<WizardStep, string> = {
  connections: "Connections",
  mappings: "Mappings",
  channel: "Channel",
  "resource-group": "Resource Group configuration",
};

/** What is missing before the node can run, step by step, each a link to its field. */
export function RunCheckModal({ issues, onClose, onGoTo }: { issues: DraftIssue[]; onClose: () => void; onGoTo: (issue: DraftIssue) => void }) {
  const steps = [...new Set(issues.map((issue) => issue.step))];
  return (
    <Modal open title="The node is not ready to run" onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
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
