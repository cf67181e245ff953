/**
 * The reference server for the bench: @y/websocket-server@0.1.1's setupWSConnection on its own
 * HTTP server, as its bin does it, with no persistence (YPERSISTENCE unset) and no auth.
 * Prints {"port":N} on stdout; GET /stats reports memory (after a GC when --expose-gc is on).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { memoryNow } from './lib/memory';

if (process.env.YPERSISTENCE) throw new Error('the reference runs without persistence: unset YPERSISTENCE');

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    let connections = 0;
    for (const doc of docs.values()) connections += doc.conns.size;
    memoryNow({ boards: docs.size, connections }).then((report) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    });
    return;
  }
  res.writeHead(404);
  res.end();
});
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
