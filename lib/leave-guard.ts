/*
 * Unsaved work must not be lost to a navigation the user did not mean as "discard". While a
 * page has unsaved changes (useLeaveGuard(dirty, question), which calls armLeaveGuard),
 * every way out of the page asks first:
 * - reload, closing the tab, typing an address, links to other sites: `beforeunload` (the
 *   browser's own dialog);
 * - links inside the console (side bar, header, the node tree): a click listener in the
 *   capture phase on the document, which runs before Next.js's <Link> handler and can stop it;
 * - Back and Forward: a `popstate` listener. popstate is dispatched at `window` itself,
 *   where listeners run in the order they were added, capture or not; so this one is added
 *   from instrumentation-client.ts, before the App Router adds its own on hydration. The
 *   browser has already moved to the other entry when popstate fires: on "Stay" the event
 *   is stopped before the router sees it and the history is moved back to this page;
 * - the workspace switcher and Log out, which call confirmLeave() themselves.
 * No React here: components/layout/use-leave-guard.ts is the hook around armLeaveGuard.
 */

type Guard = { question: string; pageUrl: string; pageIndex: number | undefined };
type GuardState = {
  guards: Guard[];
  /** Set once the user has agreed to leave, so beforeunload does not ask a second time. */
  leaving: boolean;
  /** The popstate that moves the history back after "Stay": nothing for the router to do. */
  restoring: boolean;
  popStateListening: boolean;
};

// One state per window, even if a bundler evaluated this module twice.
const state: GuardState = ((globalThis as { __synclaneLeaveGuard?: GuardState }).__synclaneLeaveGuard ??= {
  guards: [],
  leaving: false,
  restoring: false,
  popStateListening: false,
});

/** Asks the current page's question; true when there is nothing unsaved or the user agrees. */
export function confirmLeave(): boolean {
  const guard = state.guards.at(-1);
  if (!guard || state.leaving) return true;
  if (!window.confirm(guard.question)) return false;
  state.leaving = true;
  return true;
}

/** Runs a navigation the user has already agreed to (such as Reload after confirming), without asking again. */
export function leaveWithoutAsking(navigate: () => void): void {
  state.leaving = true;
  navigate();
}

type NavigationApi = { currentEntry: { index: number } | null };
const historyIndex = () => (window as unknown as { navigation?: NavigationApi }).navigation?.currentEntry?.index;

function onPopState(event: PopStateEvent) {
  const guard = state.guards.at(-1);
  if (state.restoring) {
    state.restoring = false;
    if (!guard || window.location.href === guard.pageUrl) {
      event.stopImmediatePropagation();
      return;
    }
  }
  if (!guard || window.location.href === guard.pageUrl) return;
  if (confirmLeave()) return; // the App Router's listener, added after this one, renders the other entry
  event.stopImmediatePropagation();
  state.restoring = true;
  // Back was pressed unless the Navigation API says otherwise (it knows entry indexes).
  const now = historyIndex();
  history.go(guard.pageIndex !== undefined && now !== undefined && now !== guard.pageIndex ? guard.pageIndex - now : 1);
}

/**
 * Adds the popstate listener, once per window. instrumentation-client.ts calls it before the
 * App Router hydrates, so it runs first; armLeaveGuard calls it too, in case it was not.
 */
export function listenForHistoryMoves(): void {
  if (typeof window === "undefined" || state.popStateListening) return;
  state.popStateListening = true;
  window.addEventListener("popstate", onPopState);
}

/**
 * Makes every way out of the page ask `question` until the returned function is called
 * (when the changes are saved, or the page goes away).
 */
export function armLeaveGuard(question: string): () => void {
  listenForHistoryMoves();
  const guard: Guard = { question, pageUrl: window.location.href, pageIndex: historyIndex() };
  state.guards.push(guard);
  state.leaving = false;

  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (state.leaving) return;
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

  window.addEventListener("beforeunload", onBeforeUnload);
  document.addEventListener("click", onClick, true);
  return () => {
    const index = state.guards.indexOf(guard);
    if (index >= 0) state.guards.splice(index, 1);
    state.leaving = false;
    window.removeEventListener("beforeunload", onBeforeUnload);
    document.removeEventListener("click", onClick, true);
  };
}
