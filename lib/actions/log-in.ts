"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { logIn as checkLogin } from "@/lib/auth/login";
import { sessionCookieName } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/login-redirect";
import { readClientAddressHeader } from "@/lib/auth/client-address";
import { loginFormSchema } from "@/lib/schemas/auth";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

export async function logIn(input: unknown): Promise<ActionResult> {
  let target = "/";
  try {
    const form = loginFormSchema.parse(input);
    const address = clientAddressOf(await headers());
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

let warnedAboutMissingAddress = false;

/** The address the console server wrote (lib/auth/client-address.ts); never a client's header. */
function clientAddressOf(requestHeaders: { get: (name: string) => string | null }): string {
  const address = readClientAddressHeader(requestHeaders);
  if (address) return address;
  if (!warnedAboutMissingAddress) {
    warnedAboutMissingAddress = true;
    console.warn(
      "Login throttling: this server did not record client addresses (it is not scripts/console-server.ts, e.g. `next dev` or a bare `next start`), so every login counts as address \"unknown\".",
    );
  }
  return "unknown";
}
