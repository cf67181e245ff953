import type { Logger } from 'pino';
import type { RedisLink } from './redis-link';

/**
 * The per-person cap on open sockets (realtime `connectionsPerUserMax`), counted across every
 * node. In Redis each person has a sorted set of `<node>/<socket>` members scored with their
 * expiry on Redis's own clock; a node renews its sockets every SOCKET_CAP_REFRESH_MS, so the
 * sockets of a node that died (it cannot say goodbye) stop counting after SOCKET_CAP_TTL_MS.
 * Each node also counts its own sockets in memory: that is the count with no Redis, and the
 * fallback while Redis is away (a person can then hold up to the cap on each node: the cap is
 * a guard against abuse, and refusing everyone while Redis is away would be worse).
 */

/** How long a socket counts without being renewed (a dead node's sockets vanish after this). */
export const SOCKET_CAP_TTL_MS = 15_000;
/** How often a node renews its sockets (well within the TTL, so a live socket never lapses). */
export const SOCKET_CAP_REFRESH_MS = 5_000;

/**
 * Drops lapsed members, refuses a new member when the set is full, else adds or renews it.
 * KEYS[1] the person's set; ARGV: member, max, ttl ms, force (1: renew or add even when full).
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[4] ~= '1' and not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

export interface SocketCap {
  /** Counts a new socket; false (and not counted) when the person already has `max` open across all nodes. */
  acquire(userId: string, socketId: string): Promise<boolean>;
  /** Stops counting a socket (it closed). */
  release(userId: string, socketId: string): Promise<void>;
  /** Sockets this node counts for a person (for tests and health). */
  localCount(userId: string): number;
  /** Stops renewing (the node shuts down: its sockets are released by then). */
  close(): Promise<void>;
}

export interface SocketCapOptions {
  /** Null: one node, counted in memory only. */
  link: RedisLink | null;
  nodeId: string;
  max: number;
  log: Logger;
  ttlMs?: number;
  refreshMs?: number;
}

/** The socket cap of one node. */
export function createSocketCap(options: SocketCapOptions): SocketCap {
  const { link, nodeId, max, log } = options;
  const ttlMs = options.ttlMs ?? SOCKET_CAP_TTL_MS;
  const local = new Map<string, Set<string>>();
  const key = (userId: string) => link?.key(`sockets:${userId}`) ?? '';
  const member = (socketId: string) => `${nodeId}/${socketId}`;
  const run = (userId: string, socketId: string, force: boolean) =>
    link!.commands.eval(ACQUIRE_SCRIPT, 1, key(userId), member(socketId), String(max), String(ttlMs), force ? '1' : '0');

  const countLocally = (userId: string, socketId: string) => {
    const set = local.get(userId) ?? new Set<string>();
    set.add(socketId);
    local.set(userId, set);
  };

  // Renewing also re-adds every socket after Redis lost its data (a restart with no persistence).
  const refresh = setInterval(() => {
    if (!link || link.health().status !== 'up') return;
    for (const [userId, sockets] of local) {
      for (const socketId of sockets) {
        run(userId, socketId, true).catch((error: unknown) => log.debug({ err: error }, 'socket cap renewal failed'));
      }
    }
  }, options.refreshMs ?? SOCKET_CAP_REFRESH_MS);
  refresh.unref();

  return {
    async acquire(userId, socketId) {
      const here = local.get(userId)?.size ?? 0;
      if (here >= max) return false;
      if (link && link.health().status === 'up') {
        try {
          if ((await run(userId, socketId, false)) !== 1) return false;
        } catch (error) {
          // Redis went away mid-call: fall back to this node's own count, like while it is down.
          log.warn({ err: error }, 'socket cap could not reach Redis: counting this node only');
        }
      }
      countLocally(userId, socketId);
      return true;
    },

    async release(userId, socketId) {
      const set = local.get(userId);
      set?.delete(socketId);
      if (set && set.size === 0) local.delete(userId);
      if (!link || link.health().status !== 'up') return;
      // Not reachable now: the member lapses after the TTL on its own.
      await link.commands.zrem(key(userId), member(socketId)).catch(() => {});
    },

    localCount(userId) {
      return local.get(userId)?.size ?? 0;
    },

    async close() {
      clearInterval(refresh);
    },
  };
}
