/**
 * Rows already encoded as PostgreSQL COPY text: what a reader that declares the
 * `emitsCopyText` capability hands a writer that declares `acceptsCopyText`. `release`
 * gives the buffer back to the reader's pool once the writer sent it.
 */
export type CopyTextBatch = { rowCount: number; bytes: Buffer; release?: () => void };
