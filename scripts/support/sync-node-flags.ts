/**
 * Node flags for the processes that run sync jobs: the worker and the bench's sync child
 * (the `sync` and `worker` npm scripts in package.json repeat them). The same idea as
 * DataX's -Xms: V8 starts with a small old space, and the buffers a run holds while
 * PostgreSQL catches up reach it, so its limit was hit every few MB: 30 to 50 major GCs
 * per 3M rows, about a fifth of the sync's CPU. Starting at 128 MB leaves 2.
 */
export const SYNC_NODE_FLAGS = ["--initial-old-space-size=128"];
