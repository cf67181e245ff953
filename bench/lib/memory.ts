/** What a server child reports on GET /stats (bench only). */
export interface MemoryReport {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Whether a full GC ran first (the child was started with --expose-gc). */
  gc: boolean;
  boards: number;
  connections: number;
}

/** Collects garbage (when exposed) and reads the process's memory. */
export async function memoryNow(counts: { boards: number; connections: number }): Promise<MemoryReport> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, gc: !!gc, ...counts };
}
