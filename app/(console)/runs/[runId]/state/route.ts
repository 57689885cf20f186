import { NextResponse } from "next/server";
import { getApiContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { getRunDetail } from "@/lib/data/runs";

export const dynamic = "force-dynamic";

/** The run as the run page polls it: counters, stages, speed samples, dirty records and the log. */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const context = await getApiContext();
  if (!context) return NextResponse.json({ message: "Your session ended. Sign in again to follow this run." }, { status: 401 });
  const { runId } = await params;
  try {
    return NextResponse.json(await getRunDetail(context.workspace.id, runId), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") return NextResponse.json({ message: error.message }, { status: 404 });
    console.error(error);
    return NextResponse.json({ message: "The run could not be loaded; the details are in the server log." }, { status: 500 });
  }
}
