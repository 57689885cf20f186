import { NextResponse } from "next/server";
import { getApiContext } from "@/lib/auth/current-user";
import { findActiveRunOfNode } from "@/lib/data/workflows";

export async function GET(_request: Request, { params }: { params: Promise<{ nodeId: string }> }) {
  const context = await getApiContext();
  if (!context) return NextResponse.json({ message: "Sign in first." }, { status: 401 });
  const { nodeId } = await params;
  const run = await findActiveRunOfNode(context.workspace.id, nodeId);
  return NextResponse.json({ run }, { headers: { "Cache-Control": "no-store" } });
}
