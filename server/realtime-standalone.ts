import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLLAB_PATH } from '../lib/collab-protocol';
import { createBoardRealtimeServer } from './board-realtime';
import { configureDatabase, db } from './db/client';
import { env } from './env';
import { log } from './log';
import { closeClusterNode, clusterHealth } from './cluster/runtime';
import { startClusterServices } from './cluster/services';
import { DEFAULT_REALTIME_LIMITS } from './realtime/index';
import { openBoardStore } from './realtime/open-board-store';
import { ensureSecrets } from './secrets';
import { stopOnSignals } from './shutdown';

/**
 * `npm run realtime`: the realtime endpoint alone, for scale-out and for crash tests that kill
 * it. It serves the database the app has already migrated. Port: REALTIME_PORT, else PORT + 1
 * (0 picks a free port; the chosen port is printed as JSON on stdout).
 */
async function main(): Promise<void> {
  ensureSecrets();
  const config = env();
  const port = process.env.REALTIME_PORT !== undefined ? Number(process.env.REALTIME_PORT) : config.PORT + 1;
  const database = db();
  await configureDatabase(database);
  const store = openBoardStore();
  // With REDIS_URL it is one more node: committed updates, presence and control reach the others.
  const cluster = await startClusterServices({ connectionsPerUserMax: DEFAULT_REALTIME_LIMITS.connectionsPerUserMax });
  const realtime = createBoardRealtimeServer({ db: database, store, cluster });

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      const clusterStatus = clusterHealth();
      res.end(JSON.stringify({ status: clusterStatus.redis.status === 'down' ? 'degraded' : 'ok', realtime: realtime.stats(), cluster: clusterStatus }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith(`${COLLAB_PATH}/`)) realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, config.HOST, resolve));
  const actualPort = (server.address() as AddressInfo).port;
  log.info({ port: actualPort }, 'realtime server listening');
  process.stdout.write(`${JSON.stringify({ realtimePort: actualPort })}\n`);

  stopOnSignals(async () => {
    await realtime.close();
    await closeClusterNode();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    await database.$disconnect();
  });
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'realtime start-up failed');
  process.exit(1);
});
