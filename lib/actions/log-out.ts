"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { sessionCookieName } from "@/lib/auth/current-user";
import { deleteSession } from "@/lib/data/sessions";

export async function logOut(): Promise<void> {
  const store = await cookies();
  const token = store.get(sessionCookieName)?.value;
  if (token) await deleteSession(token);
  store.delete(sessionCookieName);
  redirect("/login");
}
