"use client";
import { useEffect } from "react";
import { armLeaveGuard } from "@/lib/leave-guard";

/** While `dirty`, every way out of the page asks `question` first (see lib/leave-guard.ts). */
export function useLeaveGuard(dirty: boolean, question: string) {
  useEffect(() => (dirty ? armLeaveGuard(question) : undefined), [dirty, question]);
}
