import { log } from '../log';
import { clusterEnv, makeNodeId } from './config';
import { RedisLink, type LinkHealth } from './redis-link';

/**
 * This process's place in the cluster: its node id and, when REDIS_URL is set, its Redis link.
 * It lives on globalThis because Next's bundled route code and the custom server load modules
 * separately (like server/realtime/control.ts): both must share one node id and one link.
 */
export interface ClusterNode {
  nodeId: string;
  /** Null with no REDIS_URL: one node, everything stays in this process. */
  link: RedisLink | null;
}

const key = Symbol.for('together-board.cluster-node');
type G = typeof globalThis & { [key]?: ClusterNode };

/** The process's cluster node, made from the environment on first use. */
export function clusterNode(): ClusterNode {
  const g = globalThis as G;
  if (g[key]) return g[key];
  const env = clusterEnv();
  const nodeId = makeNodeId(env.NODE_ID);
  const link = env.REDIS_URL ? new RedisLink({ url: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX, log: log.child({ nodeId }) }) : null;
  g[key] = { nodeId, link };
  return g[key];
}

/** Closes the link (server shutdown); the next clusterNode() starts afresh. */
export async function closeClusterNode(): Promise<void> {
  const g = globalThis as G;
  const node = g[key];
  delete g[key];
  await node?.link?.close();
}

/** What /api/health reports about the cluster. */
export interface ClusterHealth {
  nodeId: string;
  /** `off` when no REDIS_URL is set (one node). */
  redis: { status: 'off' } | LinkHealth;
}

/** The node's identity and its Redis status, honestly: `down` with the last error while Redis is away. */
export function clusterHealth(node: ClusterNode = clusterNode()): ClusterHealth {
  return { nodeId: node.nodeId, redis: node.link ? node.link.health() : { status: 'off' } };
}
