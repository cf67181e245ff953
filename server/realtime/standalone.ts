import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLLAB_PATH } from '../../lib/collab-protocol';
import { configureDatabase, db } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { ensureSecrets } from '../secrets';
import { createRealtimeServer } from './index';
import { openBoardStore } from './open-board-store';

/**
 * `npm run realtime`: the realtime endpoint alone, for scale-out and for crash tests that kill
 * it. It serves the database the app has already migrated. Port: REALTIME_PORT, else PORT + 1
 * (0 picks a free port; the chosen port is printed as JSON on stdout).
 */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  ensureSecrets();
  const config = env();
  const port = process.env.REALTIME_PORT !== undefined ? Number(process.env.REALTIME_PORT) : config.PORT + 1;
  const database = db();
  await configureDatabase(database);
  const store = openBoardStore();
  const realtime = createRealtimeServer({ db: database, store });

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok', realtime: realtime.stats() }));
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

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping the realtime server: saving every board first');
    const deadline = setTimeout(() => {
      log.error('could not stop cleanly within 10 seconds; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    realtime
      .close()
      .then(() => new Promise<void>((resolve) => server.close(() => resolve())))
      .then(() => store.close())
      .then(() => database.$disconnect())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'realtime start-up failed');
  process.exit(1);
});
