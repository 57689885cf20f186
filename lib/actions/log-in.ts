"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { logIn as checkLogin } from "@/lib/auth/login";
import { sessionCookieName } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/login-redirect";
import { loginFormSchema } from "@/lib/schemas/auth";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

export async function logIn(input: unknown): Promise<ActionResult> {
  let target = "/";
  try {
    const form = loginFormSchema.parse(input);
    const requestHeaders = await headers();
    const address = requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
    const { session } = await checkLogin({ username: form.username, password: form.password, address });
    (await cookies()).set(sessionCookieName, session.token, {
      httpOnly: true,
      sameSite: "lax",
      secure: process.env.SYNCLANE_SECURE_COOKIES === "true",
      path: "/",
      expires: session.expiresAt,
    });
    target = safeNextPath(form.next);
  } catch (error) {
    return failure(error);
  }
  redirect(target);
}
