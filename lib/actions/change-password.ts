"use server";
import { cookies } from "next/headers";
import { requireUser, sessionCookieName } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { hashSessionToken } from "@/lib/data/sessions";
import { changePassword as storeNewPassword } from "@/lib/data/users";
import { changePasswordFormSchema } from "@/lib/schemas/auth";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

export async function changePassword(input: unknown): Promise<ActionResult> {
  try {
    const user = await requireUser();
    const form = changePasswordFormSchema.parse(input);
    const token = (await cookies()).get(sessionCookieName)?.value;
    const changed = await storeNewPassword({
      userId: user.id,
      currentPassword: form.currentPassword,
      newPassword: form.newPassword,
      keepSessionTokenHash: token ? hashSessionToken(token) : undefined,
    });
    if (!changed) throw new ConsoleError("INVALID", "The current password is wrong.", "currentPassword");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
