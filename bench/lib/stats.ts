/** A growable list of samples (milliseconds) with percentiles; cheap enough for a million samples. */
export class Samples {
  private data = new Float64Array(1024);
  private n = 0;

  add(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = value;
  }

  get count(): number {
    return this.n;
  }

  summary(): Summary {
    return summarize(this.data.subarray(0, this.n));
  }

  /** The samples as base64 (8 bytes each), to send between processes. */
  toBase64(): string {
    return Buffer.from(this.data.buffer, 0, this.n * 8).toString('base64');
  }

  /** Adds samples sent with toBase64. */
  addBase64(encoded: string): void {
    const bytes = Buffer.from(encoded, 'base64');
    const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    for (const v of values) this.add(v);
  }
}

/** Percentiles of a set of samples; null fields when there were none. */
export interface Summary {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentiles. */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: null, p90: null, p95: null, p99: null, max: null, mean: null };
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let total = 0;
  for (const v of sorted) total += v;
  return { count: n, p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: sorted[n - 1], mean: total / n };
}
