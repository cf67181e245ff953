import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '../../server/db/client';
import { createTestDatabase, testEngine, waitFor, type TestDatabase } from '../helpers/db';
import { connectTestLink, startRedisServer, testKeyPrefix } from '../helpers/redis';

// The route reads the process-wide client (server/db/client.ts keeps it on globalThis); each
// test puts the client under test there, as the server's start-up would. In production Next's
// route code loads its own copy of server/db/client.ts, so the route is imported afresh here
// (vi.resetModules) and must still tell which database the server's client talks to.
const globalKey = Symbol.for('together-board.prisma');
// The process's cluster node (server/cluster/runtime.ts), likewise.
const clusterKey = Symbol.for('together-board.cluster-node');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Db };

let database: TestDatabase | null = null;
let unreachable: Db | null = null;

/** The route handler with its own copy of the modules it imports, as Next's bundle has. */
async function freshGet(): Promise<() => Promise<Response>> {
  vi.resetModules();
  return (await import('../../app/api/health/route')).GET;
}

afterEach(async () => {
  delete (globalThis as GlobalWithDb)[globalKey];
  delete (globalThis as Record<symbol, unknown>)[clusterKey];
  await database?.cleanup();
  database = null;
  await unreachable?.$disconnect().catch(() => undefined);
  unreachable = null;
});

describe('GET /api/health', () => {
  it('reports the database it runs on, and that it answers', async () => {
    database = await createTestDatabase();
    (globalThis as GlobalWithDb)[globalKey] = database.db;
    const response = await (await freshGet())();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok', databaseKind: testEngine() });
  });

  it('answers 503 when PostgreSQL cannot be reached, without saying where it is', async () => {
    // Port 1 on this machine: nothing listens there, so every connection is refused at once.
    unreachable = createDb('postgresql://together:secret-password@127.0.0.1:1/nowhere');
    (globalThis as GlobalWithDb)[globalKey] = unreachable;
    const response = await (await freshGet())();
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ status: 'degraded', database: 'unavailable', databaseKind: 'postgresql' });
    expect(body).not.toContain('secret-password');
    expect(body).not.toContain('127.0.0.1');
  });

  it('reports the node and says Redis is off with no REDIS_URL', async () => {
    database = await createTestDatabase();
    (globalThis as GlobalWithDb)[globalKey] = database.db;
    (globalThis as Record<symbol, unknown>)[clusterKey] = { nodeId: 'node-alone', link: null };
    const response = await (await freshGet())();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', cluster: { nodeId: 'node-alone', redis: { status: 'off' } } });
  });

  it('with Redis down answers 200 degraded (a balancer must not take every node out), and ok once it is back', async () => {
    database = await createTestDatabase();
    (globalThis as GlobalWithDb)[globalKey] = database.db;
    const redis = await startRedisServer();
    const link = await connectTestLink(redis.url, testKeyPrefix('health'));
    try {
      (globalThis as Record<symbol, unknown>)[clusterKey] = { nodeId: 'node-1', link };
      expect(await (await (await freshGet())()).json()).toMatchObject({ status: 'ok', cluster: { nodeId: 'node-1', redis: { status: 'up' } } });
      await redis.stop();
      await waitFor(() => link.health().status === 'down', 10_000, 'link down');
      const down = await (await freshGet())();
      expect(down.status).toBe(200);
      expect(await down.json()).toMatchObject({ status: 'degraded', database: 'ok', cluster: { nodeId: 'node-1', redis: { status: 'down' } } });
      await redis.start();
      await waitFor(() => link.health().status === 'up', 10_000, 'link up again');
      expect(await (await (await freshGet())()).json()).toMatchObject({ status: 'ok', cluster: { redis: { status: 'up' } } });
    } finally {
      await link.close();
      await redis.stop();
    }
  });
});
