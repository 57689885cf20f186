"use server";
import { cookies } from "next/headers";
import { authedAction } from "@/lib/auth/authed-action";
import { sessionCookieName } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { hashSessionToken } from "@/lib/data/sessions";
import { changePassword as storeNewPassword } from "@/lib/data/users";
import { changePasswordFormSchema } from "@/lib/schemas/auth";

export const changePassword = authedAction("signedIn", changePasswordFormSchema, async (form, { user }) => {
  const token = (await cookies()).get(sessionCookieName)?.value;
  const changed = await storeNewPassword({
    userId: user.id,
    currentPassword: form.currentPassword,
    newPassword: form.newPassword,
    keepSessionTokenHash: token ? hashSessionToken(token) : undefined,
  });
  if (!changed) throw new ConsoleError("INVALID", "The current password is wrong.", "currentPassword");
});
