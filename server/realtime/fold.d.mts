/** See fold.mjs. */
export declare function foldIntoSnapshot(snapshot: Uint8Array | null, rows: readonly Uint8Array[]): Uint8Array;
