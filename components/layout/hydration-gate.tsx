"use client";
import type { ReactNode } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * Keeps every form control of the page disabled until React has hydrated it: text typed
 * into a server-rendered input before then would be wiped, and a click on a button would
 * do nothing. `display: contents` leaves the layout as it is.
 */
export function HydrationGate({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} className="contents">
      {children}
    </fieldset>
  );
}
