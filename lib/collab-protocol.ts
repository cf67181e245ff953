/**
 * The shape of a board's Yjs document and the extra y-websocket message types, shared by the
 * browser (canvas/) and the realtime server (server/realtime/). No imports: both sides use it.
 *
 * Document layout:
 * - `Y.Map<TLRecord>` named RECORDS_MAP: one entry per tldraw record, keyed by record id,
 *   value the record as plain JSON (replaced whole on change).
 * - `Y.Map` named META_MAP: `schema` holds tldraw's serialized schema the records follow.
 */
export const RECORDS_MAP = 'records';
export const META_MAP = 'meta';
export const META_SCHEMA_KEY = 'schema';

/** Standard y-websocket message types. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Extra message types. A stock y-websocket client logs and ignores unknown types.
 * - SAVED: varUint8Array(state vector). Everything covered by this state vector is committed
 *   to the database. A client is "All changes saved" once its own client id's clock is covered.
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
}

/** The realtime endpoint path prefix: ws(s)://<origin>/collab/<boardId>?token=... */
export const COLLAB_PATH = '/collab';

/** The JSON body of GET /api/boards/<id>/token. */
export interface BoardTokenResponse {
  token: string;
  access: 'edit' | 'view';
  /** ISO time after which the token is refused at the handshake. */
  expiresAt: string;
}
