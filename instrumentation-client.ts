// Runs in the browser before the console's code. zod 4 probes once whether it may compile
// parsers with `new Function`; the Content-Security-Policy (proxy.ts) forbids that, and the
// browser would report the probe as a violation. Jitless parsing skips the probe.
import { z } from "zod";

z.config({ jitless: true });
