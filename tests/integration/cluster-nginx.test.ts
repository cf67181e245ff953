import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../helpers/db';
import { startNginx, type TestNginx } from '../helpers/nginx';

/**
 * The deployment's nginx rules (deploy/nginx-proxy.conf) in front of two tiny upstream
 * servers standing in for two nodes: requests go round robin, WebSockets upgrade on /collab/,
 * facilitation events stream through while the response stays open, and each node sees who
 * asked and how. (The long read timeouts are not tested: they would take minutes to show.)
 */

interface Upstream {
  name: string;
  port: number;
  /** The forwarding headers of the last plain request. */
  lastHeaders: http.IncomingHttpHeaders;
  close(): Promise<void>;
}

async function startUpstream(name: string): Promise<Upstream> {
  const upstream = { name, port: 0, lastHeaders: {} } as Upstream;
  const server = http.createServer((req, res) => {
    upstream.lastHeaders = req.headers;
    if (/^\/api\/boards\/[^/]+\/events$/.test(req.url ?? '')) {
      // One event, then the stream stays open like the facilitation stream does.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(`event: state\ndata: ${JSON.stringify({ node: name })}\n\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(name);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/collab/')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(`hello from ${name}`);
      ws.on('message', (data) => ws.send(`${name} echoes ${String(data)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.port = (server.address() as AddressInfo).port;
  upstream.close = async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return upstream;
}

/** Opens a WebSocket through nginx and returns the first message and an echo of `text`. */
async function talk(url: string, text: string): Promise<{ hello: string; echo: string }> {
  const ws = new WebSocket(url);
  const messages: string[] = [];
  ws.on('message', (data) => messages.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(text);
  await waitFor(() => messages.length >= 2, 5000, 'the hello and the echo');
  ws.close();
  return { hello: messages[0], echo: messages[1] };
}

describe('nginx in front of several nodes (deploy/nginx-proxy.conf)', () => {
  let a: Upstream;
  let b: Upstream;
  let nginx: TestNginx;

  beforeAll(async () => {
    a = await startUpstream('node-a');
    b = await startUpstream('node-b');
    nginx = await startNginx([a.port, b.port]);
  });

  afterAll(async () => {
    await nginx?.stop();
    await a?.close();
    await b?.close();
  });

  it('sends plain requests round robin and tells each node who asked and how', async () => {
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${nginx.url}/boards/x`, { headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect(res.status).toBe(200);
      names.push(await res.text());
    }
    expect(new Set(names)).toEqual(new Set(['node-a', 'node-b']));
    expect(names[0]).not.toBe(names[1]);
    expect(names[2]).toBe(names[0]);
    expect(a.lastHeaders['x-forwarded-proto']).toBe('http');
    expect(a.lastHeaders['x-forwarded-host']).toBe(`127.0.0.1:${nginx.port}`);
    // The client's own X-Forwarded-For is replaced, not trusted.
    expect(a.lastHeaders['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('upgrades WebSockets on /collab/ and spreads them over both nodes', async () => {
    const first = await talk(`ws://127.0.0.1:${nginx.port}/collab/board-1?token=t`, 'ping 1');
    const second = await talk(`ws://127.0.0.1:${nginx.port}/collab/board-1?token=t`, 'ping 2');
    const nodes = [first, second].map((t) => t.hello.replace('hello from ', ''));
    expect(new Set(nodes)).toEqual(new Set(['node-a', 'node-b']));
    expect(first.echo).toBe(`${nodes[0]} echoes ping 1`);
    expect(second.echo).toBe(`${nodes[1]} echoes ping 2`);
  });

  it('passes each facilitation event through while the stream stays open', async () => {
    const controller = new AbortController();
    const res = await fetch(`${nginx.url}/api/boards/board-1/events`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    // The upstream never ends this response: the event arrives only if nginx does not hold it.
    const { value } = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no event within 5 s: ${nginx.errorLog()}`)), 5000)),
    ]);
    expect(new TextDecoder().decode(value)).toMatch(/^event: state\ndata: \{"node":"node-[ab]"\}/);
    controller.abort();
  });
});
