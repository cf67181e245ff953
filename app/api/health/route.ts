import { databaseKindOf, db } from '@/server/db/client';
import { realtimeStatus } from '@/server/realtime/status';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health: 200 with database and realtime status, 503 when the database is down.
 * `databaseKind` says which database this node runs on (sqlite or postgresql), never where.
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
  return Response.json({ status: database === 'ok' ? 'ok' : 'degraded', database, databaseKind: databaseKindOf(client), realtime }, {
    status: database === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
