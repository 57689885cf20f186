// The Back/Forward guard against a stand-in for the browser: an EventTarget as `window`
// whose history moves fire popstate, and a second popstate listener added after the
// guard's, as the App Router's is.
import { beforeAll, describe, expect, it } from "vitest";

const entries = ["http://console.test/workflows", "http://console.test/workflows/nodes/n1"];
let index = 1;
const asked: string[] = [];
const answers: boolean[] = [];
const routerSaw: string[] = [];

// Browsers fire popstate after the entry has changed, in a task of its own: moves queue
// here, and settle() runs them in order, including the moves their listeners make.
const pending: number[] = [];
function move(delta: number) {
  pending.push(delta);
}
async function settle() {
  while (pending.length) {
    index += pending.shift()!;
    window.dispatchEvent(new Event("popstate"));
  }
}

let guard: typeof import("./leave-guard");

beforeAll(async () => {
  const fakeWindow = Object.assign(new EventTarget(), {
    location: {
      get href() {
        return entries[index]!;
      },
    },
    confirm: (question: string) => {
      asked.push(question);
      return answers.shift() ?? false;
    },
  });
  Object.assign(globalThis, { window: fakeWindow, document: new EventTarget(), history: { go: move } });
  guard = await import("./leave-guard");
  // As instrumentation-client.ts does, before the router adds its listener.
  guard.listenForHistoryMoves();
  window.addEventListener("popstate", () => routerSaw.push(window.location.href));
});

describe("the leave guard", () => {
  it("asks on Back with unsaved edits; Stay keeps the router from seeing it and moves the history back", async () => {
    const disarm = guard.armLeaveGuard("This node has unsaved changes. Leave without saving?");
    answers.push(false);
    move(-1);
    await settle();
    expect(asked).toEqual(["This node has unsaved changes. Leave without saving?"]);
    expect(routerSaw).toEqual([]);
    expect(window.location.href).toBe(entries[1]);

    answers.push(true);
    move(-1);
    await settle();
    expect(asked).toHaveLength(2);
    expect(routerSaw).toEqual([entries[0]]);
    disarm();
  });

  it("lets every move through without asking once the edits are saved, and confirmLeave asks only while armed", async () => {
    move(1);
    await settle();
    expect(routerSaw).toEqual([entries[0], entries[1]]);
    expect(guard.confirmLeave()).toBe(true);
    expect(asked).toHaveLength(2);
    const disarm = guard.armLeaveGuard("Leave?");
    answers.push(false);
    expect(guard.confirmLeave()).toBe(false);
    expect(asked.at(-1)).toBe("Leave?");
    disarm();
  });
});
