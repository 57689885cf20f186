"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { requireUser, workspaceCookieName } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { createWorkspace as insertWorkspace } from "@/lib/data/workspaces";
import type { ActionResult } from "@/lib/schemas/common";
import { workspaceFormSchema } from "@/lib/schemas/workspace";
import { failure } from "./action-result";

/** Creates a workspace (administrators only) and switches to it. */
export async function createWorkspace(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const user = await requireUser();
    if (!user.isAdmin) throw new ConsoleError("FORBIDDEN", "Only administrators create workspaces.");
    const created = await insertWorkspace(workspaceFormSchema.parse(input), user.id);
    (await cookies()).set(workspaceCookieName, created.id, { httpOnly: true, sameSite: "lax", path: "/" });
    revalidatePath("/", "layout");
    return { ok: true, data: { id: created.id } };
  } catch (error) {
    return failure(error);
  }
}
