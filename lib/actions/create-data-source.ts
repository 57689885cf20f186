"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { createDataSource as insertDataSource } from "@/lib/data/data-sources";
import { parseDataSourceForm } from "./parse-data-source-form";

// The form's schema depends on the workspace's mode, so it is parsed inside.
export const createDataSource = authedAction("edit", z.unknown(), async (input, { workspace }) => {
  const form = parseDataSourceForm(input, workspace.mode, { requireSecrets: true });
  const created = await insertDataSource(workspace.id, form);
  revalidatePath("/data-sources");
  return created;
});
