"use client";
import { useEffect } from "react";

/*
 * Unsaved work must not be lost to a navigation the user did not mean as "discard". A page
 * with unsaved changes calls useLeaveGuard(dirty, question); while it is dirty every way
 * out of the page asks first:
 * - reload, closing the tab, typing an address, links to other sites: `beforeunload` (the
 *   browser's own dialog);
 * - links inside the console (side bar, header, the node tree): a click listener in the
 *   capture phase, which runs before Next.js's <Link> handler and can stop it;
 * - Back and Forward: a `popstate` listener in the capture phase, which runs before the
 *   App Router's own listener on `window`. The browser has already moved to the other
 *   entry when popstate fires, so a "Stay" stops the router from rendering it and moves
 *   the history back to the entry the page is on;
 * - the workspace switcher and Log out, which call confirmLeave() themselves.
 */

const guards: { question: string }[] = [];
// Set once the user has agreed to leave, so the browser's beforeunload dialog does not ask again.
let leaving = false;

/** Asks the current page's question; true when there is nothing unsaved or the user agrees. */
export function confirmLeave(): boolean {
  const guard = guards.at(-1);
  if (!guard || leaving) return true;
  if (!window.confirm(guard.question)) return false;
  leaving = true;
  return true;
}

/** Runs a navigation the user has already agreed to (such as Reload after confirming), without asking again. */
export function leaveWithoutAsking(navigate: () => void): void {
  leaving = true;
  navigate();
}

type NavigationApi = { currentEntry: { index: number } | null };
const historyIndex = () => (window as unknown as { navigation?: NavigationApi }).navigation?.currentEntry?.index;

export function useLeaveGuard(dirty: boolean, question: string) {
  useEffect(() => {
    if (!dirty) return;
    const guard = { question };
    guards.push(guard);
    leaving = false;
    const pageUrl = window.location.href;
    const pageIndex = historyIndex();
    let restoring = false;

    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving) return;
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = "";
    };

    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      // Another site loads a new document: beforeunload asks. The same page is no leaving.
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (!confirmLeave()) {
        event.preventDefault();
        event.stopPropagation();
      }
    };

    const onPopState = (event: PopStateEvent) => {
      if (restoring) {
        // The move back to this page after "Stay": nothing for the router to do.
        restoring = false;
        event.stopImmediatePropagation();
        return;
      }
      if (window.location.href === pageUrl) return;
      if (confirmLeave()) return; // the App Router's own listener renders the other entry
      event.stopImmediatePropagation();
      restoring = true;
      // Back was pressed unless the Navigation API says otherwise (it knows entry indexes).
      const now = historyIndex();
      history.go(pageIndex !== undefined && now !== undefined && now !== pageIndex ? pageIndex - now : 1);
    };

    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    window.addEventListener("popstate", onPopState, true);
    return () => {
      guards.splice(guards.indexOf(guard), 1);
      leaving = false;
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("popstate", onPopState, true);
    };
  }, [dirty, question]);
}
