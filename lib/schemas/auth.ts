import { z } from "zod";

export const loginFormSchema = z.object({
  username: z.string().trim().min(1, "User name is required.").max(64),
  password: z.string().min(1, "Password is required.").max(200),
  next: z.string().optional(),
});

export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string().min(1, "Current password is required."),
    newPassword: z
      .string()
      .min(10, "New password must be at least 10 characters.")
      .max(200, "New password must be at most 200 characters."),
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match.",
  })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: "New password must differ from the current one.",
  });
