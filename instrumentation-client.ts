// Runs in the browser before the console's code. zod 4 probes once whether it may compile
// parsers with `new Function`; the Content-Security-Policy (proxy.ts) forbids that, and the
// browser would report the probe as a violation. Jitless parsing skips the probe.
import { z } from "zod";
import { listenForHistoryMoves } from "@/lib/leave-guard";

z.config({ jitless: true });

// Back and Forward with unsaved edits must ask before the App Router renders another page:
// popstate listeners on window run in the order they were added, so this one goes first.
listenForHistoryMoves();
