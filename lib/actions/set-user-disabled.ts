"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { setUserDisabled as storeUserDisabled } from "@/lib/data/users";
import { setUserDisabledSchema } from "@/lib/schemas/user-admin";

export const setUserDisabled = authedAction("consoleAdmin", setUserDisabledSchema, async (input, { user }) => {
  await storeUserDisabled({ ...input, actingUserId: user.id });
  revalidatePath("/users");
});
