/**
 * A token bucket: up to `burst` at once, refilled at `perSecond`. Used for a socket's messages
 * (connection.ts) and for each person's reactions and comments on a board (room.ts).
 */
export class TokenBucket {
  private tokens: number;
  private tokensAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.tokensAt = now();
  }

  /** Takes one token; false (and nothing taken) when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.tokensAt) / 1000) * this.perSecond);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
