import { db } from '@/server/db/client';
import { realtimeStatus } from '@/server/realtime/status';

export const dynamic = 'force-dynamic';

/** GET /api/health: 200 with database and realtime status, 503 when the database is down. */
export async function GET() {
  let database: 'ok' | 'unavailable' = 'ok';
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    database = 'unavailable';
  }
  const realtime = realtimeStatus();
  return Response.json({ status: database === 'ok' ? 'ok' : 'degraded', database, realtime }, {
    status: database === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
