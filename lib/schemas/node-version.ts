import { z } from "zod";

export const commitNodeSchema = z.object({
  nodeId: z.string({ error: "Say which node." }).min(1, "Say which node."),
  /** The saved version the committer looked at: a newer save is refused, never committed unseen. */
  savedVersion: z.number({ error: "Save the node before committing it." }).int().min(1),
  description: z.string().trim().min(1, "Describe the change: what is different in this version.").max(500, "The change description must be at most 500 characters."),
});

export const deployVersionsSchema = z.object({
  versionIds: z.array(z.string().min(1)).max(500),
});

export const rollBackNodeSchema = z.object({
  nodeId: z.string({ error: "Say which node." }).min(1, "Say which node."),
  versionId: z.string({ error: "Say which version." }).min(1, "Say which version."),
  baseVersion: z.number().int().min(1).nullable(),
});
