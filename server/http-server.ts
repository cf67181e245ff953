import http from 'node:http';
import type { AddressInfo } from 'node:net';
import next from 'next';
import { configureDatabase, db } from './db/client';
import { seedDemoIfEmpty } from './db/demo-seed';
import { applyMigrations } from './db/migrate';
import { env } from './env';
import { createHttpEdge } from './http/edge';
import { log } from './log';
import { moveDiskFilesIntoDatabase } from './murals/disk-files';
import { createBoardRealtimeServer } from './board-realtime';
import { DEFAULT_REALTIME_LIMITS } from './realtime/index';
import { openBoardStore } from './realtime/open-board-store';
import { closeClusterNode } from './cluster/runtime';
import { startClusterServices } from './cluster/services';
import { COLLAB_PATH } from '../lib/collab-protocol';
import { ensureSecrets } from './secrets';

/** How long requests still running when the server stops may take to finish, in ms. */
const HTTP_DRAIN_MS = 2_000;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts Together Board: migrations, demo data, Next.js and the realtime endpoint on one port.
 * Non-collab upgrade requests (Next's dev reloads) go to Next's own handler.
 */
export async function startServer(options: { dev?: boolean } = {}): Promise<RunningServer> {
  ensureSecrets();
  const config = env();
  await applyMigrations();
  const database = db();
  await configureDatabase(database);
  // Pictures an earlier version kept in the data folder move into the database, where every node finds them.
  await moveDiskFilesIntoDatabase(database);

  if (config.DEMO !== false) {
    const demo = await seedDemoIfEmpty(database);
    if (demo.seeded) log.info('Demo programme "Leading Together 2016" created.');
  }

  if (config.NODE_ENV === 'production' && !config.NEXT_PUBLIC_TLDRAW_LICENSE_KEY) {
    log.warn(
      'NEXT_PUBLIC_TLDRAW_LICENSE_KEY is not set. On an HTTPS address other than localhost, ' +
        'tldraw hides the canvas after 5 seconds without a licence key. See the README.',
    );
  }

  // Next fetches its own pages after a server action redirects: it needs the real port.
  const nextApp = next({ dev: options.dev ?? false, dir: process.cwd(), hostname: 'localhost', port: config.PORT });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  const nextUpgrade = nextApp.getUpgradeHandler();
  const store = openBoardStore();
  // With REDIS_URL: relay, presence, control and the socket cap shared with the other nodes.
  const cluster = await startClusterServices({ connectionsPerUserMax: DEFAULT_REALTIME_LIMITS.connectionsPerUserMax });
  const realtime = createBoardRealtimeServer({ db: database, store, cluster });

  const guard = createHttpEdge({ dev: options.dev ?? false });
  const server = http.createServer((req, res) => {
    if (guard(req, res)) return;
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong on our side. Please try again.');
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith(`${COLLAB_PATH}/`) || req.url === COLLAB_PATH) {
      realtime.handleUpgrade(req, socket, head);
    } else {
      void nextUpgrade(req, socket, head);
    }
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  log.info({ url }, 'Together Board is running');

  return {
    url,
    port,
    async close() {
      // Takes no new connections (idle keep-alive ones close now), so the balancer sends new
      // requests, and the sockets reconnecting after the 1001 below, to the other nodes.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Saves every board and closes every socket (1001: clients reconnect at once, through the
      // balancer, to another node), then closes the cluster services (peers drop this node's people).
      await realtime.close();
      await closeClusterNode();
      // Requests still running get a moment to finish. What is open after it is cut: mostly the
      // facilitation event streams, which never end by themselves (browsers reopen them through
      // the balancer); waiting for them held every stop until the shutdown deadline.
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, HTTP_DRAIN_MS).unref())]);
      server.closeAllConnections();
      await stopped;
      await store.close();
      await database.$disconnect();
    },
  };
}
