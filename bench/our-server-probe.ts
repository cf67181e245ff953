/**
 * Our realtime server for the bench's memory figures: the same createBoardRealtimeServer that
 * server/realtime-standalone.ts runs (same database set-up, default limits), plus a bench-only
 * GET /stats that collects garbage and reports process memory. Server code stays untouched.
 * Prints {"port":N} on stdout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLLAB_PATH } from '../lib/collab-protocol';
import { configureDatabase, db } from '../server/db/client';
import { createBoardRealtimeServer } from '../server/board-realtime';
import { memoryNow } from './lib/memory';

async function main(): Promise<void> {
  const database = db();
  await configureDatabase(database);
  const realtime = createBoardRealtimeServer({ db: database });
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/stats' || req.url === '/health')) {
      const s = realtime.stats();
      const reply = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/health') reply({ status: 'ok', realtime: s });
      else void memoryNow({ boards: s.boardsLoaded, connections: s.connections }).then(reply);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith(`${COLLAB_PATH}/`)) realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.on('SIGTERM', () => {
    void realtime.close().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
