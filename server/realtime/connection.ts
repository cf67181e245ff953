import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../lib/collab-protocol';
import type { BoardAccess } from '../domain/permissions';
import type { MemberRole } from '../domain/roles';
import { TokenBucket } from './token-bucket';

/** Who a connection is, as vouched for by the verified token and the database. */
export interface ConnectionIdentity {
  userId: string;
  name: string;
  role: MemberRole;
  sessionId: string;
  color: string;
}

/** The three things a room does with a socket (the shape of tldraw's `TLRoomSocket`). */
export interface RoomSocket {
  readonly isOpen: boolean;
  sendMessage(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** The transport limits of one socket (see DEFAULT_REALTIME_LIMITS in index.ts). */
export interface ConnectionLimits {
  messageMaxBytes: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  slowClientBufferMaxBytes: number;
}

/** Handles one well-formed binary message; throwing closes the socket as malformed (1007). */
export type MessageHandler = (conn: Connection, bytes: Uint8Array) => void;

/**
 * One open socket on a board: the transport and nothing else. It refuses text frames (1003),
 * oversized messages (4413) and floods (a token bucket, 4429), drops a client that stops
 * reading instead of buffering without end (4500), answers for pings, and hands every other
 * message to the room. What the socket may do with the board lives on it (`access`), what it
 * says is the room's business.
 */
export class Connection implements RoomSocket {
  /** Awareness client ids this socket speaks for; removed when it closes. */
  readonly awarenessIds = new Set<number>();
  private readonly messages: TokenBucket;
  /** Cleared by each ping, set by each pong: a socket that misses a pong is dead. */
  private alive = true;

  constructor(
    private readonly ws: WebSocket,
    readonly identity: ConnectionIdentity,
    public access: BoardAccess,
    /** Whether its presence is shared: a projector (display link) sees everyone and is never shown. */
    readonly sharesPresence: boolean,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
    onMessage: MessageHandler,
  ) {
    this.messages = new TokenBucket(limits.rateLimitPerSecond, limits.rateLimitBurst);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary, onMessage));
    ws.on('pong', () => {
      this.alive = true;
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Sends bytes, dropping a client that stopped reading instead of buffering without end. */
  sendMessage(data: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.ws.bufferedAmount > this.limits.slowClientBufferMaxBytes) {
      this.close(CLOSE_CODES.serverError, 'Client is not keeping up');
      return;
    }
    this.ws.send(data, (error) => {
      if (error) this.log.debug({ err: error }, 'send failed');
    });
  }

  /** Closes with a close code; never throws. */
  close(code: number, reason: string): void {
    try {
      this.ws.close(code, reason);
    } catch (error) {
      this.log.warn({ err: error }, 'closing a socket failed; terminating it');
      this.ws.terminate();
    }
  }

  /** Pings the socket, first ending it if it never answered the previous ping. */
  ping(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private receive(data: unknown, isBinary: boolean, onMessage: MessageHandler): void {
    try {
      if (!isBinary) {
        this.close(CLOSE_CODES.unsupportedData, 'Binary y-websocket messages only');
        return;
      }
      const bytes = toBytes(data);
      if (bytes.length > this.limits.messageMaxBytes) {
        this.close(CLOSE_CODES.messageTooLarge, 'Message too large');
        return;
      }
      if (!this.messages.take()) {
        this.close(CLOSE_CODES.rateLimited, 'Too many messages');
        return;
      }
      onMessage(this, bytes);
    } catch (error) {
      // lib0 decoding errors ("Unexpected end of array", "Integer out of Range") and Yjs
      // failures on crafted updates land here: that socket goes, the board stays.
      this.log.info({ err: error, userId: this.identity.userId }, 'malformed message');
      this.close(CLOSE_CODES.invalidPayload, 'Malformed message');
    }
  }

}

/** ws hands over Buffer, ArrayBuffer or Buffer[] depending on binaryType and fragmentation. */
function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  throw new Error('Unexpected message data');
}
