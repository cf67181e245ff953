/**
 * Presence between the tldraw store and Yjs awareness. Each remote awareness state becomes a
 * tldraw `instance_presence` record (so tldraw draws the cursor, selection and name), with the
 * name, colour and user id taken from the server-verified `user` field: a client cannot show
 * up as someone else by sending a different name in its own presence.
 */
import {
  InstancePresenceRecordType,
  createPresenceStateDerivation,
  createUserId,
  react,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { readVerifiedUser } from './people';

/** Cursor moves are sent at most this often (about 20 a second is smooth enough to follow). */
export const PRESENCE_SEND_INTERVAL_MS = 50;

/** The awareness field holding a client's tldraw presence. */
export const PRESENCE_FIELD = 'presence';

/** Builds a validated presence record from one awareness state; null when unusable. */
export function presenceFromAwareness(clientId: number, state: unknown): TLInstancePresence | null {
  const user = readVerifiedUser(state);
  if (!user) return null;
  const raw = (state as Record<string, unknown>)[PRESENCE_FIELD];
  if (typeof raw !== 'object' || raw === null) return null;
  try {
    const record = InstancePresenceRecordType.create({
      ...(raw as TLInstancePresence),
      id: InstancePresenceRecordType.createId(`awareness-${clientId}`),
      userId: createUserId(user.id),
      userName: user.name,
      color: user.color,
    });
    return InstancePresenceRecordType.validate(record);
  } catch {
    return null;
  }
}

/** Mirrors other people's awareness states into the store as presence records. */
export function mirrorRemotePresence(store: TLStore, awareness: Awareness): () => void {
  const selfId = awareness.clientID;
  const sync = (clients: number[]) => {
    const toPut: TLInstancePresence[] = [];
    const toRemove: TLInstancePresence['id'][] = [];
    for (const clientId of clients) {
      if (clientId === selfId) continue;
      const id = InstancePresenceRecordType.createId(`awareness-${clientId}`);
      const record = presenceFromAwareness(clientId, awareness.getStates().get(clientId));
      if (record) toPut.push(record);
      else if (store.has(id)) toRemove.push(id);
    }
    if (!toPut.length && !toRemove.length) return;
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove);
      if (toPut.length) store.put(toPut);
    });
  };
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) =>
    sync([...added, ...updated, ...removed]);
  awareness.on('change', onChange);
  sync([...awareness.getStates().keys()]);
  return () => {
    awareness.off('change', onChange);
    const mine = store.query.records('instance_presence').get().map((record) => record.id);
    if (mine.length) store.mergeRemoteChanges(() => store.remove(mine));
  };
}

/** Publishes this person's cursor, selection and viewport to awareness, throttled. */
export function publishLocalPresence(store: TLStore, awareness: Awareness, $user: Signal<TLUser | null>): () => void {
  const $presence = createPresenceStateDerivation($user)(store);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSentAt = 0;
  const send = () => {
    timer = null;
    lastSentAt = Date.now();
    awareness.setLocalStateField(PRESENCE_FIELD, $presence.get());
  };
  const stop = react('publish presence', () => {
    $presence.get();
    if (timer) return;
    const wait = Math.max(0, PRESENCE_SEND_INTERVAL_MS - (Date.now() - lastSentAt));
    timer = setTimeout(send, wait);
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}
