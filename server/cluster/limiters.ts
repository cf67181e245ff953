import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisLink } from './redis-link';

/**
 * Rate limits shared by every node (rate-limiter-flexible): counted in Redis when the node has a
 * link, in memory otherwise. While Redis is away a Redis limiter falls back to an in-memory
 * "insurance" limiter with the same limits, so limits still hold per node and nobody is refused
 * for Redis being away.
 */

export interface LimitSpec {
  /** Names the limit's keys in Redis (e.g. `sign-in-email`). */
  name: string;
  /** Actions allowed per window. */
  points: number;
  /** The window, in whole seconds (rate-limiter-flexible counts in seconds). */
  windowMs: number;
}

/** A limiter for `spec`, shared through Redis when `link` is given. */
export function createLimiter(spec: LimitSpec, link: RedisLink | null): RateLimiterAbstract {
  if (spec.windowMs % 1000 !== 0 || spec.windowMs <= 0) throw new Error(`limit ${spec.name}: the window must be whole seconds`);
  const options = { keyPrefix: spec.name, points: spec.points, duration: spec.windowMs / 1000 };
  const memory = new RateLimiterMemory(options);
  if (!link) return memory;
  return new RateLimiterRedis({ ...options, keyPrefix: link.key(`limit:${spec.name}`), storeClient: link.commands, insuranceLimiter: memory });
}

/** Counts one action for `key`: true when within the limit, false when over it. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return false;
    throw rejection;
  }
}
