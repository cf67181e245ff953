import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import {
  MESSAGE_AWARENESS,
  MESSAGE_SAVED,
  MESSAGE_SERVER_STATUS,
  MESSAGE_SERVER_TIME,
  MESSAGE_SYNC,
  type ServerStatus,
} from '../../lib/collab-protocol';

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: the server's state vector, asking the client for what it is missing. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });
}

/** Sync step 2: everything the client's state vector lacks. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });
}

/** Sync step 2 carrying a whole document's state, already encoded as one update. */
export function fullStateMessage(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A committed update relayed to peers. */
export function updateMessage(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });
}

/** Awareness states of `clients`. */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  });
}

/** SAVED: everything covered by `stateVector` is committed to the database. */
export function savedMessage(stateVector: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SAVED);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** SERVER_STATUS: saving health and this connection's access. */
export function serverStatusMessage(status: ServerStatus): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SERVER_STATUS);
    encoding.writeVarString(e, JSON.stringify(status));
  });
}

/** SERVER_TIME: the server's clock, so client timers agree with it. */
export function serverTimeMessage(now = Date.now()): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SERVER_TIME);
    encoding.writeVarString(e, JSON.stringify({ now }));
  });
}
