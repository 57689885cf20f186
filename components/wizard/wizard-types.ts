import type { NodeDraft } from "@/lib/wizard/node-draft";

/** Draft updates go through one function so the wizard can track unsaved changes. */
export type UpdateDraft = (change: (draft: NodeDraft) => void) => void;
