import { clusterHealth } from '@/server/cluster/runtime';
import { databaseKindOf, db } from '@/server/db/client';
import { realtimeStatus } from '@/server/realtime/status';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health: 200 with database, realtime and cluster status, 503 when the database is down.
 * `databaseKind` says which database this node runs on (sqlite or postgresql), never where.
 * `cluster` gives this node's id and Redis status (`off` without REDIS_URL). Redis down is
 * `degraded` but still 200: the node keeps serving and saving, and a balancer must not take
 * every node out at once while Redis restarts.
 */
export async function GET() {
  let database: 'ok' | 'unavailable' = 'ok';
  const client = db();
  try {
    await client.$queryRaw`SELECT 1`;
  } catch {
    database = 'unavailable';
  }
  const realtime = realtimeStatus();
  const cluster = clusterHealth();
  const degraded = database !== 'ok' || cluster.redis.status === 'down';
  return Response.json({ status: degraded ? 'degraded' : 'ok', database, databaseKind: databaseKindOf(client), realtime, cluster }, {
    status: database === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
