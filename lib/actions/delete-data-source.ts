"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { deleteDataSource as removeDataSource } from "@/lib/data/data-sources";
import { idInputSchema } from "@/lib/schemas/common";

export const deleteDataSource = authedAction("edit", idInputSchema, async ({ id }, { workspace }) => {
  await removeDataSource(workspace.id, id);
  revalidatePath("/data-sources");
});
