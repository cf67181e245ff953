/**
 * The one honest save status a board shows. Pure: the inputs are plain values, so the rules
 * ("All changes saved" only after the server's commit covers everything on this device) are
 * unit-tested without a browser or a server.
 */

/** A Yjs state vector: for each client id, how many of its changes are included. */
export type StateVector = ReadonlyMap<number, number>;

/**
 * Whether `saved` (what the server says is committed) includes every change in `local`
 * (what this device holds): every client's clock in `local` must be at most its clock in
 * `saved`. Other clients count too: edits this device kept offline under an earlier session's
 * client id are only safe once the server has committed them as well.
 */
export function stateVectorCovers(saved: StateVector, local: StateVector): boolean {
  for (const [client, clock] of local) {
    if (clock > (saved.get(client) ?? 0)) return false;
  }
  return true;
}

/**
 * What is known to be committed after the server relays an update: the server relays only
 * what it has committed, in the order its document took it in (see MESSAGE_SAVED), so for each
 * client in the update everything up to the end of its changes there (`relayedEnds`, from
 * Y.parseUpdateMeta's `to`) is committed. Returns `saved` raised to that, client by client.
 */
export function withRelayedCommitted(saved: StateVector | null, relayedEnds: StateVector): Map<number, number> {
  const merged = new Map(saved ?? []);
  for (const [client, clock] of relayedEnds) if (clock > (merged.get(client) ?? 0)) merged.set(client, clock);
  return merged;
}

export type SaveStatusKind =
  | 'connecting'
  | 'offline'
  | 'saving'
  | 'saved'
  | 'saved-others-later'
  | 'failing'
  | 'stopped'
  | 'viewing'
  | 'viewing-others-later'
  | 'held';

/** The words people see and screen readers announce (UK English, no jargon). */
export const SAVE_STATUS_TEXT: Record<SaveStatusKind, string> = {
  connecting: 'Connecting…',
  offline: 'Offline: changes kept on this device',
  saving: 'Saving…',
  saved: 'All changes saved',
  'saved-others-later': 'All changes saved. Some people will see them once our servers reconnect',
  failing: 'Not saving: the server cannot save right now; your changes are kept on this device',
  stopped: 'Not saving: your changes are kept on this device',
  viewing: 'Up to date',
  'viewing-others-later': "Some people's latest changes will show once our servers reconnect",
  held: 'Not saved: the board was locked as you wrote; your last changes are kept on this device',
};

export interface SaveStatusInput {
  /** The browser believes it has a network (navigator.onLine). */
  browserOnline: boolean;
  /** The WebSocket's state. */
  socket: 'connecting' | 'connected' | 'disconnected';
  /** Whether a connection has ever opened or failed (the first attempt is "Connecting…"). */
  hasAttempted: boolean;
  /** The sync handshake with the server completed on the current connection. */
  synced: boolean;
  /** What the server last said about its database. */
  serverSaving: 'ok' | 'failing' | null;
  /**
   * The server said it cannot reach the other servers (several nodes, the link between them
   * down): changes are saved, but people on other servers see them, and theirs arrive, late.
   */
  otherServersUnreachable?: boolean;
  /** The server has committed everything this device holds. */
  allSaved: boolean;
  /** This person may only look at the board. */
  viewOnly: boolean;
  /** Changes made on this device that the server has not taken (written just as the board was locked). */
  ownChangesUnsaved?: boolean;
  /** Saving stopped for good (signed out, access removed, reload needed). */
  stopped: boolean;
}

/** Derives the single status to show from the connection's state. */
export function deriveSaveStatus(input: SaveStatusInput): SaveStatusKind {
  if (input.stopped) return 'stopped';
  if (!input.browserOnline) return 'offline';
  if (input.socket !== 'connected') {
    return input.hasAttempted ? 'offline' : 'connecting';
  }
  if (!input.synced) return 'connecting';
  const late = input.otherServersUnreachable === true;
  if (input.viewOnly) {
    if (input.ownChangesUnsaved) return 'held';
    return late ? 'viewing-others-later' : 'viewing';
  }
  if (input.serverSaving === 'failing') return 'failing';
  if (!input.allSaved) return 'saving';
  return late ? 'saved-others-later' : 'saved';
}

/** Whether the status says everything on this device is saved (whoever else sees it yet). */
export function isSavedStatus(status: SaveStatusKind): boolean {
  return status === 'saved' || status === 'saved-others-later';
}
