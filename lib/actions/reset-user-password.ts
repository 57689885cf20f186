"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { resetUserPassword as storeResetPassword } from "@/lib/data/users";
import { resetUserPasswordSchema } from "@/lib/schemas/user-admin";

/** A new password, shown once; the user's sessions end and the next login must change it. */
export const resetUserPassword = authedAction("consoleAdmin", resetUserPasswordSchema, ({ userId }) => storeResetPassword(userId));
