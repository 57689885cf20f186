"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { updateDataSource as storeDataSource } from "@/lib/data/data-sources";
import { idWithFormInputSchema } from "@/lib/schemas/common";
import { parseDataSourceForm } from "./parse-data-source-form";

export const updateDataSource = authedAction("edit", idWithFormInputSchema, async ({ id, form: input }, { workspace }) => {
  const form = parseDataSourceForm(input, workspace.mode, { requireSecrets: false });
  await storeDataSource(workspace.id, id, form);
  revalidatePath("/data-sources");
});
