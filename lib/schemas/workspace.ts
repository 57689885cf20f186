import { z } from "zod";
import { isKnownTimeZone } from "@/lib/scheduling/instance-parameters";
import { autoRerunSchema, rerunPolicies } from "@/lib/scheduling/node-scheduling";
import { description, objectName, requiredText } from "./common";

export const workspaceFormSchema = z.object({
  name: objectName("Workspace Name"),
  displayName: requiredText("Display Name", 64),
  mode: z.enum(["basic", "standard"], { error: "Choose basic or standard mode." }),
  description: description(),
});
export type WorkspaceForm = z.infer<typeof workspaceFormSchema>;

/**
 * Workspace Scheduling Settings (DataWorks: Data Studio settings > Scheduling Settings):
 * periodic scheduling on or off, the time zone cycles are read in, and the defaults new
 * nodes start with. The defaults are stored in workspaceSchedulingDefaultsSchema's shape.
 */
export const workspaceSchedulingFormSchema = z
  .object({
    periodicScheduling: z.boolean(),
    timeZone: z
      .string()
      .trim()
      .min(1, "Choose the time zone for scheduling, such as Asia/Shanghai.")
      .superRefine((name, context) => {
        if (name && !isKnownTimeZone(name)) {
          context.addIssue({ code: "custom", message: `"${name}" is not a time zone this server knows. Use an IANA name such as Asia/Shanghai or Europe/Berlin.` });
        }
      }),
    rerun: z.enum(rerunPolicies),
    // Null: new nodes get no automatic rerun.
    autoRerun: autoRerunSchema.nullable(),
    // Empty: a random minute between 00:00 and 00:30, as DataWorks chooses.
    dailyTime: z.union([z.literal(""), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time of day as HH:mm, such as 00:30.")]),
  })
  .superRefine((form, context) => {
    if (form.rerun === "allDenied" && form.autoRerun) {
      context.addIssue({ code: "custom", path: ["autoRerun"], message: "Auto Rerun upon Failure is unavailable when Rerun is Disallow Regardless of Running Status." });
    }
  });
export type WorkspaceSchedulingForm = z.infer<typeof workspaceSchedulingFormSchema>;
