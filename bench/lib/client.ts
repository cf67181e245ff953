import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_SAVED, MESSAGE_SERVER_STATUS, MESSAGE_SERVER_TIME, MESSAGE_SYNC } from '../../lib/collab-protocol';

/** The browser origin bench clients claim; the servers are started allowing it. */
export const BENCH_ORIGIN = 'http://localhost:3000';

/** `ws` with the Origin header a browser would send (Node's ws sends none by default). */
class OriginWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols, { headers: { origin: BENCH_ORIGIN } });
  }
}

export interface BenchClient {
  doc: Y.Doc;
  /** Whether the provider has the server's state (false again while it reconnects). */
  synced(): boolean;
  /** When the first sync step 2 (the server's state) arrived, before the client applied it (y-websocket only). */
  stateArrivedAt: number | null;
  /** Connection closes seen (a stock client reconnects by itself). */
  closes: number;
  /** When the last close was seen (options.now's clock), null before any. */
  lastCloseAt: number | null;
  /** When the socket last opened (y-websocket only), null before. */
  lastOpenAt: number | null;
  destroy(): void;
}

export interface ClientOptions {
  /** Called with this client's own clock from each SAVED state vector (ours only). */
  onSaved?: (savedClock: number) => void;
  now: () => number;
}

/** A stock y-websocket WebsocketProvider (BroadcastChannel off) that also listens to our extra messages. */
export function connectBenchClient(url: string, boardId: string, token: string, doc: Y.Doc, options: ClientOptions): BenchClient {
  const provider = new WebsocketProvider(url, boardId, doc, {
    params: { token },
    WebSocketPolyfill: OriginWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const client = benchClient(doc, () => provider.synced, () => provider.destroy());
  const handleSync = provider.messageHandlers[MESSAGE_SYNC];
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    if (client.stateArrivedAt === null && decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2) {
      client.stateArrivedAt = options.now();
    }
    handleSync(encoder, decoder, p, emitSynced, messageType);
  };
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    if (!options.onSaved) return;
    const saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    options.onSaved(saved.get(doc.clientID) ?? 0);
  };
  // Our status and clock messages: a stock client would log "Unable to compute message".
  provider.messageHandlers[MESSAGE_SERVER_STATUS] = () => undefined;
  provider.messageHandlers[MESSAGE_SERVER_TIME] = () => undefined;
  provider.on('connection-close', () => client.closed(options.now()));
  provider.on('status', ({ status }) => {
    if (status === 'connected') client.lastOpenAt = options.now();
  });
  return client;
}

/** The BenchClient of a provider; `closed` counts a connection close. */
function benchClient(doc: Y.Doc, synced: () => boolean, destroyProvider: () => void): BenchClient & { closed(at: number): void } {
  return {
    doc,
    synced,
    stateArrivedAt: null,
    closes: 0,
    lastCloseAt: null,
    lastOpenAt: null,
    closed(at) {
      this.closes += 1;
      this.lastCloseAt = at;
    },
    destroy() {
      destroyProvider();
      doc.destroy();
    },
  };
}

/**
 * A HocuspocusProvider (@hocuspocus/provider, its own socket per client, ws in Node) on document
 * `name`, for the Hocuspocus comparison. No token: the bench's Hocuspocus has no auth hook.
 */
export function connectHocuspocusClient(url: string, name: string, doc: Y.Doc, options: Pick<ClientOptions, 'now'>): BenchClient {
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
  provider.attach();
  const client = benchClient(
    doc,
    () => provider.synced,
    () => {
      provider.destroy();
      socket.destroy();
    },
  );
  socket.on('close', () => client.closed(options.now()));
  return client;
}

/** Resolves once every client is synced; rejects after `timeoutMs`. */
export async function waitSynced(clients: BenchClient[], timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!clients.every((c) => c.synced())) {
    if (Date.now() - started > timeoutMs) {
      const n = clients.filter((c) => c.synced()).length;
      throw new Error(`only ${n} of ${clients.length} clients synced within ${timeoutMs} ms`);
    }
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
