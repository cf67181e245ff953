import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { Connection } from './connection';
import { awarenessMessage } from './messages';

/** Awareness client ids one socket may speak for (a tab has one; a reconnect may briefly overlap). */
const AWARENESS_IDS_PER_CONNECTION_MAX = 4;
/** Size of one presence state: cursor, selection of a few hundred shape ids, name and colour. */
const AWARENESS_STATE_MAX_CHARS = 64 * 1024;

/**
 * A board's presence (y-protocols awareness) with identities from the server: each state's
 * `user` becomes the token's user, a client id spoken for by another person's socket is
 * ignored, and a socket's ids go when it closes. Every change is handed to `broadcast`.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  /** Which connection speaks for each awareness client id. */
  private owners = new Map<number, Connection>();

  constructor(
    doc: Y.Doc,
    private readonly broadcast: (message: Uint8Array) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** The message telling a socket about everyone present (null when nobody is). */
  everyone(): Uint8Array | null {
    const present = Array.from(this.awareness.getStates().keys());
    return present.length > 0 ? awarenessMessage(this.awareness, present) : null;
  }

  /** The answer to a query-awareness message (sent even when nobody is present). */
  answerQuery(): Uint8Array {
    return awarenessMessage(this.awareness, Array.from(this.awareness.getStates().keys()));
  }

  /**
   * Applies a socket's awareness update with identity from the server. A socket that shares no
   * presence (a projector) is ignored altogether. Throws on a malformed or oversized state.
   */
  apply(conn: Connection, update: Uint8Array): void {
    if (!conn.sharesPresence) return;
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const kept: { clientId: number; clock: number; state: string }[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const raw = decoding.readVarString(decoder);
      const owner = this.owners.get(clientId);
      if (owner && owner !== conn && owner.identity.userId !== conn.identity.userId) continue;
      // One tab speaks for one client id; a socket inventing many would grow every peer's state.
      if (owner !== conn && conn.awarenessIds.size >= AWARENESS_IDS_PER_CONNECTION_MAX) continue;
      if (raw.length > AWARENESS_STATE_MAX_CHARS) throw new Error('Awareness state too large');
      const state: unknown = JSON.parse(raw);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('Awareness state must be an object');
      const { userId, name, role, color } = conn.identity;
      const sanitized = state === null ? null : { ...state, user: { id: userId, name, role, color } };
      kept.push({ clientId, clock, state: JSON.stringify(sanitized) });
    }
    if (kept.length === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const entry of kept) {
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.state);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), conn);
  }

  /** Removes the presence a closed socket spoke for. */
  forget(conn: Connection): void {
    const ids = Array.from(conn.awarenessIds).filter((id) => this.owners.get(id) === conn);
    for (const id of ids) this.owners.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  private onUpdate = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin instanceof Connection) {
      for (const id of [...changes.added, ...changes.updated]) {
        const previous = this.owners.get(id);
        if (previous && previous !== origin) previous.awarenessIds.delete(id);
        this.owners.set(id, origin);
        origin.awarenessIds.add(id);
      }
      for (const id of changes.removed) {
        this.owners.delete(id);
        origin.awarenessIds.delete(id);
      }
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length > 0) this.broadcast(awarenessMessage(this.awareness, changed));
  };
}
