/**
 * Node flags for the processes that stream rows: the worker and the bench's sync child
 * (sync jobs), and the hosts of the local MaxCompute service (`npm start`'s console process,
 * the bench). package.json's `sync`, `worker`, `bench` and `maxcompute` scripts and
 * scripts/start.mjs repeat them.
 *
 * The same idea as DataX's -Xms: V8 starts with a small old space, and the buffers a stream
 * holds while the other end catches up reach it, so its limit was hit every few MB: about 50
 * major GCs per 3M rows on each side, a fifth of the CPU. Starting at 128 MB leaves 2-3.
 */
export const ROW_STREAMING_NODE_FLAGS = ["--initial-old-space-size=128"];
