import { DOCUMENT_RECORD_KEY } from '../lib/collab-protocol';

/**
 * Where the board is in opening:
 * - `opening`: reading this device's copy;
 * - `waiting`: no copy on this device yet, waiting for the server's;
 * - `unavailable-offline`: no copy here and no connection, so nothing to show yet;
 * - `not-prepared`: the server has no content for it yet (the server seeds boards, never us);
 * - `ready`: the canvas can show.
 */
export type BoardPhase = 'opening' | 'waiting' | 'unavailable-offline' | 'not-prepared' | 'ready';

/** What a board's connection knows when it works out its phase. */
export interface PhaseFacts {
  /** This device's copy of the board has been read (or there is none to read). */
  localLoaded: boolean;
  /** The board was ready before: it stays ready (tldraw is showing it). */
  wasReady: boolean;
  /** The board's records map as this device holds it now. */
  records: { has(key: string): boolean; readonly size: number };
  /** The server has answered this device's sync at least once. */
  everSynced: boolean;
  /** The browser says it is offline. */
  offline: boolean;
  /** A connection was tried and is not open now. */
  attemptFailed: boolean;
}

/**
 * A board is ready to show once this device holds the board itself: its own copy (with the
 * board's document record, which the server seeds with the page and template) or the server's
 * answer. Not at the first record: another person's new note or user record, relayed before the
 * sync answer, would start tldraw on a board without its page, and tldraw would make a page of
 * its own (then stay on it, showing nothing, and save it to the board).
 */
export function boardPhase(facts: PhaseFacts): BoardPhase {
  if (!facts.localLoaded) return 'opening';
  if (facts.wasReady || facts.records.has(DOCUMENT_RECORD_KEY) || (facts.everSynced && facts.records.size > 0)) return 'ready';
  if (facts.everSynced) return 'not-prepared';
  if (facts.offline || facts.attemptFailed) return 'unavailable-offline';
  return 'waiting';
}
