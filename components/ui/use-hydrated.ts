"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server render and until React has hydrated the page. Forms disable their
 * fields until then, so that text typed into server-rendered inputs is not wiped when
 * React takes them over.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}
