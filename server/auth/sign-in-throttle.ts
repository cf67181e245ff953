/**
 * Limits how many sign-in emails one address receives, so the sign-in form cannot be used to
 * flood someone's inbox. Counted per address whether or not it has an account, and over the
 * limit nothing is sent and nothing different is shown: the form still reveals nobody.
 */

/** The window in which one address may receive SIGN_IN_EMAILS_PER_15_MIN sign-in emails (server/env.ts, default 5). */
export const SIGN_IN_EMAIL_WINDOW_MS = 15 * 60 * 1000;
/** Addresses remembered at once; the oldest are forgotten first, so memory stays bounded. */
const MAX_ADDRESSES = 10_000;

export class SendThrottle {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = SIGN_IN_EMAIL_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a send to `key` and returns true, or returns false when `key` has had `limit` sends in the window. */
  allow(key: string): boolean {
    const now = this.now();
    const recent = (this.sent.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.sent.set(key, recent);
      return false;
    }
    recent.push(now);
    // Re-inserted so the map's order is least recently used first.
    this.sent.delete(key);
    this.sent.set(key, recent);
    if (this.sent.size > MAX_ADDRESSES) this.sent.delete(this.sent.keys().next().value as string);
    return true;
  }
}
