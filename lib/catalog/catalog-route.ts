import "server-only";
import { NextResponse } from "next/server";
import { getApiContext } from "@/lib/auth/current-user";
import { catalogErrorMessage } from "./catalog-errors";

/** Wraps a catalog read for a route handler: signed-in users only, errors as `{ message }`. */
export async function catalogResponse<T>(read: (workspaceId: string) => Promise<T>): Promise<NextResponse> {
  const context = await getApiContext();
  if (!context) return NextResponse.json({ message: "Sign in first." }, { status: 401 });
  try {
    return NextResponse.json(await read(context.workspace.id), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const { status, message } = catalogErrorMessage(error);
    return NextResponse.json({ message }, { status });
  }
}
