/**
 * The shape of a board's Yjs document and the extra y-websocket message types, shared by the
 * browser (canvas/) and the realtime server (server/realtime/). No imports: both sides use it.
 *
 * Document layout:
 * - `Y.Map<TLRecord>` named RECORDS_MAP: one entry per tldraw record, keyed by record id,
 *   value the record as plain JSON (replaced whole on change).
 * - `Y.Map` named META_MAP: `schema` holds tldraw's serialized schema the records follow.
 * - `Y.Map` named REACTIONS_MAP: one entry per reaction, keyed `<shapeId>|<userId>|<kind>` (one
 *   of each kind per person per note), value `{ role }`; see lib/note-responses.ts.
 * - `Y.Map` named COMMENTS_MAP: one entry per comment on a note, keyed by the comment's id,
 *   value the comment as plain JSON (replaced whole on change); see lib/note-responses.ts.
 * The server rules on every client change to each of them (server/realtime/record-policy.ts and
 * response-policy.ts) and lets no client write any other root type.
 */
export const RECORDS_MAP = 'records';
export const META_MAP = 'meta';
export const REACTIONS_MAP = 'reactions';
export const COMMENTS_MAP = 'comments';
export const META_SCHEMA_KEY = 'schema';
/**
 * The RECORDS_MAP key of tldraw's document record (TLDOCUMENT_ID), which the server seeds into
 * every board with its page. A device has the board once it holds this, not merely any record:
 * a person's own user record, relayed to a device before the board reached it, once opened an
 * empty canvas there (tldraw then made a page of its own, "Page 1", and showed nothing).
 */
export const BOARD_DOCUMENT_KEY = 'document:document';
/**
 * A META_MAP key a client replaces in every transaction that deletes records, with its client
 * id. Yjs records deletions in a delete set that does not advance the state vector, so without
 * this a deletion would look "saved" before the server had it; with it, SAVED (and relays) cover
 * deletions exactly like insertions. One key, replaced: it does not grow. The only META_MAP key
 * the server lets a client write.
 */
export const META_DELETION_MARK_KEY = 'lastDeletionBy';

/** Standard y-websocket message types. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Extra message types. A stock y-websocket client logs and ignores unknown types.
 * - SAVED: varUint8Array(state vector). Everything covered by this state vector is committed
 *   to the database. Sent on connecting, then after each commit to the sockets whose updates it
 *   committed. The server relays an update (sync message type 2) only after committing it, so
 *   a relayed update's own state vector counts as saved too: a device is "All changes saved"
 *   once SAVED and the relays it received cover its whole state vector.
 * - SERVER_STATUS: varString(JSON of ServerStatus).
 * - SERVER_TIME: varString(JSON { now: epoch ms }) so timers agree on the server's clock.
 */
export const MESSAGE_SAVED = 100;
export const MESSAGE_SERVER_STATUS = 101;
export const MESSAGE_SERVER_TIME = 102;

export interface ServerStatus {
  /** 'ok' while updates are being committed; 'failing' while the database refuses writes. */
  saving: 'ok' | 'failing';
  /** The access this connection has. */
  access: 'edit' | 'view';
  /** Why the board is read-only, if it is. */
  readOnlyReason?: 'view' | 'locked' | 'archived';
  /**
   * The board has reached its size limit: only facilitators may still change it (to remove
   * something); everyone else gets `access: 'view'` until it is under the limit again.
   */
  boardFull?: true;
}

/** The realtime endpoint path prefix: ws(s)://<origin>/collab/<boardId>?token=... */
export const COLLAB_PATH = '/collab';

/**
 * Board ids are cuids (lower-case letters and digits). The pattern is deliberately narrow:
 * percent-encoding, extra slashes, dots and other characters never reach the database, so a
 * variant of one board's id can never name another board.
 */
export const BOARD_ID_PATTERN = /^[a-z0-9_-]{1,64}$/;

/**
 * WebSocket close codes the realtime server sends after the handshake (public contract, see
 * ARCHITECTURE.md): RFC 6455's for protocol violations and shutdown, 44xx for the app's own,
 * named after the HTTP status they echo.
 */
export const CLOSE_CODES = {
  /** The server is stopping: reconnect (to this or another node). */
  goingAway: 1001,
  /** A text frame, or a message type the server does not speak. */
  unsupportedData: 1003,
  /** Bytes that do not decode as the protocol. */
  invalidPayload: 1007,
  sessionExpired: 4401,
  accessRevoked: 4403,
  messageTooLarge: 4413,
  rateLimited: 4429,
  /** The server could not keep the socket (it stopped reading what it was sent). */
  serverError: 4500,
} as const;

/** The JSON body of GET /api/boards/<id>/token. */
export interface BoardTokenResponse {
  token: string;
  access: 'edit' | 'view';
  /** ISO time after which the token is refused at the handshake. */
  expiresAt: string;
}
