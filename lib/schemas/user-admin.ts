import { z } from "zod";
import { workspaceRoles } from "@/lib/auth/roles";

/** User names: what people type at the login form. */
export const usernameSchema = z
  .string({ error: "User name is required." })
  .trim()
  .min(1, "User name is required.")
  .max(64, "User name must be at most 64 characters.")
  .regex(/^(?:[A-Za-z]|$)/, "User name must start with a letter.")
  .regex(/^[A-Za-z0-9_.@-]*$/, "User name may contain letters, digits and _ . @ - only.");

export const createUserFormSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(64, "Display name must be at most 64 characters.").default(""),
  isAdmin: z.boolean().default(false),
  /** Empty: the console makes one up and shows it once. */
  password: z
    .string()
    .max(200, "Password must be at most 200 characters.")
    .refine((value) => value === "" || value.length >= 10, "Password must be at least 10 characters, or empty to generate one.")
    .default(""),
});
export type CreateUserForm = z.infer<typeof createUserFormSchema>;

export const setUserDisabledSchema = z.object({ userId: z.string().min(1), disabled: z.boolean() });
export const resetUserPasswordSchema = z.object({ userId: z.string().min(1) });

export const workspaceRoleSchema = z.enum(workspaceRoles, { error: "Choose a role." });

export const addMemberFormSchema = z.object({
  username: z.string({ error: "Choose a user." }).trim().min(1, "Choose a user."),
  role: workspaceRoleSchema,
});
export type AddMemberForm = z.infer<typeof addMemberFormSchema>;

export const changeMemberRoleSchema = z.object({ userId: z.string().min(1), role: workspaceRoleSchema });
export const removeMemberSchema = z.object({ userId: z.string().min(1) });
