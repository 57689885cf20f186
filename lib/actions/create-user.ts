"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { createUserAccount } from "@/lib/data/users";
import { createUserFormSchema } from "@/lib/schemas/user-admin";

/** Creates a user; the first password is returned once so the administrator can hand it over. */
export const createUser = authedAction("consoleAdmin", createUserFormSchema, async (form) => {
  const { user, password } = await createUserAccount(form);
  revalidatePath("/users");
  return { username: user.username, password };
});
