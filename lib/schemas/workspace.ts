import { z } from "zod";
import { description, objectName, requiredText } from "./common";

export const workspaceFormSchema = z.object({
  name: objectName("Workspace Name"),
  displayName: requiredText("Display Name", 64),
  mode: z.enum(["basic", "standard"], { error: "Choose basic or standard mode." }),
  description: description(),
});
export type WorkspaceForm = z.infer<typeof workspaceFormSchema>;
