import crypto from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consume, createLimiter } from '../cluster/limiters';
import type { RedisLink } from '../cluster/redis-link';
import { clusterNode } from '../cluster/runtime';

/**
 * Limits how many sign-in emails one address receives, so the sign-in form cannot be used to
 * flood someone's inbox. Counted per address whether or not it has an account, and over the
 * limit nothing is sent and nothing different is shown: the form still reveals nobody.
 * With REDIS_URL the count is shared by every node (a round-robin load balancer sends each
 * request elsewhere); without it, it is kept in this process (server/cluster/limiters.ts).
 */

/** The window in which one address may receive SIGN_IN_EMAILS_PER_15_MIN sign-in emails (server/env.ts, default 5). */
export const SIGN_IN_EMAIL_WINDOW_MS = 15 * 60 * 1000;

export class SendThrottle {
  private readonly limiter: RateLimiterAbstract;

  constructor(limit: number, windowMs = SIGN_IN_EMAIL_WINDOW_MS, link: RedisLink | null = clusterNode().link) {
    this.limiter = createLimiter({ name: 'sign-in-email', points: limit, windowMs }, link);
  }

  /**
   * Records a send to `key` and resolves true, or resolves false when `key` has had `limit` sends
   * in the window (which starts at the first send). Addresses are stored only as hashes.
   * (Named apart from the old synchronous `allow`, so a caller that forgets `await` cannot compile.)
   */
  async allowSend(key: string): Promise<boolean> {
    return consume(this.limiter, crypto.createHash('sha256').update(key).digest('hex'));
  }
}
