"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { requireUser, workspaceCookieName } from "@/lib/auth/current-user";
import { findWorkspaceForUser } from "@/lib/data/workspaces";
import type { ActionResult } from "@/lib/schemas/common";
import { ConsoleError } from "@/lib/console-error";
import { failure } from "./action-result";

export async function switchWorkspace(workspaceId: string): Promise<ActionResult> {
  try {
    const user = await requireUser();
    const workspace = await findWorkspaceForUser(user, String(workspaceId));
    if (!workspace) throw new ConsoleError("NOT_FOUND", "You are not a member of that workspace.");
    (await cookies()).set(workspaceCookieName, workspace.id, { httpOnly: true, sameSite: "lax", path: "/" });
    revalidatePath("/", "layout");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
