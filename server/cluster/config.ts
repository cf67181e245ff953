import os from 'node:os';
import crypto from 'node:crypto';
import { z } from 'zod';

/**
 * The environment of several nodes. Kept apart from server/env.ts until the lead merges it there
 * (server/env.ts is being changed for PostgreSQL at the same time); parsed once, like env().
 */
export const ClusterEnvSchema = z.object({
  /** redis://[user:password@]host:port[/db] or rediss://...: the bus between nodes. Unset: one node, no Redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  /** This node's name in health, logs and presence; default hostname-pid-random. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'NODE_ID may hold letters, digits, dot, dash and underscore (at most 64)')
    .optional(),
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/)
    .default('together-board:'),
});

export type ClusterEnv = z.infer<typeof ClusterEnvSchema>;

let cached: ClusterEnv | undefined;

/** The validated cluster environment. Throws a readable error naming each bad variable. */
export function clusterEnv(source: Record<string, string | undefined> = process.env): ClusterEnv {
  if (cached && source === process.env) return cached;
  const parsed = ClusterEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** For tests that change the environment within one process. */
export function resetClusterEnvCache(): void {
  cached = undefined;
}

/**
 * A name for this process that no other live node shares: NODE_ID when set (operators pick
 * readable names such as `web-2`), else hostname, pid and a random suffix (a restarted process on
 * the same host with a recycled pid is still a new node, so its presence never merges with the old).
 */
export function makeNodeId(nodeIdFromEnv?: string): string {
  if (nodeIdFromEnv) return nodeIdFromEnv;
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 40) || 'node';
  return `${host}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
}
