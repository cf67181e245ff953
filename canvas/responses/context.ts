'use client';
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { richTextToPlain } from '../../lib/board-outline';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { REACTION_TEXT } from '../../lib/note-responses';
import { ROLE_LABELS, type MemberRole } from '../../server/domain/roles';
import type { BoardConnection } from '../board-connection';
import type { VerifiedUser } from '../people';
import { NoteResponsesStore, type ResponseEvent, type ResponsesSnapshot } from './store';

/** What the reactions and comments on a board's notes need, shared by the canvas, its panel and the outline. */
export interface ResponsesView {
  store: NoteResponsesStore;
  self: Pick<VerifiedUser, 'id' | 'role'>;
  /**
   * Names of the people this person may see by name (their cohort's and the staff, see
   * server/db/board-people.ts); anyone else shows by role. Empty on a projector.
   */
  names: Readonly<Record<string, string>>;
  /** Whether this person may react and comment now (the server decides; this only hides the controls). */
  canRespond: boolean;
  /** Says something in the page's polite live region (what this person did, or why it could not be done). */
  announce: (message: string) => void;
}

/** The board's responses, for layers in and over the canvas; null outside a live board. */
export const ResponsesContext = createContext<ResponsesView | null>(null);

/** The board's responses view, or null outside a live board. */
export function useResponsesView(): ResponsesView | null {
  return useContext(ResponsesContext);
}

const EMPTY_SUBSCRIBE = () => () => {};
const EMPTY: ResponsesSnapshot = { byNote: new Map(), unread: new Set(), fresh: new Set() };

/** The board's reactions and comments now (empty without a store). */
export function useResponsesSnapshot(store: NoteResponsesStore | null | undefined): ResponsesSnapshot {
  return useSyncExternalStore(store?.subscribe ?? EMPTY_SUBSCRIBE, store?.getSnapshot ?? (() => EMPTY), () => EMPTY);
}

/** How a person shows on a reaction or comment: "You", "Lee Partner (lay partner)", or "A lay partner" for someone this person may not see by name. */
export function personLabel(view: Pick<ResponsesView, 'self' | 'names'>, userId: string, role: MemberRole): string {
  if (userId === view.self.id) return 'You';
  const name = view.names[userId];
  // No role begins with a vowel, so "a" is always right.
  const roleWords = ROLE_LABELS[role].toLowerCase();
  return name ? `${name} (${roleWords})` : `A ${roleWords}`;
}

/** A time a comment was written, the UK way: "14:05" today, "2 Dec, 14:05" before. */
export function commentTime(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${time}`;
}

/** What to announce to a screen reader for an event; null for events not worth a word. */
export function describeResponseEvent(view: Pick<ResponsesView, 'self' | 'names'>, event: ResponseEvent, noteText: (shapeId: string) => string): string {
  if (event.kind === 'refused') {
    return event.what === 'reaction'
      ? 'Your reaction could not be saved: the board may be locked, or there were too many at once. Please try again in a moment.'
      : 'Your comment could not be saved: the board may be locked, or there were too many at once. Please try again in a moment.';
  }
  if (event.kind === 'reaction') {
    const who = personLabel(view, event.reaction.userId, event.reaction.role);
    const what = REACTION_TEXT[event.reaction.kind].label;
    return `${who} ${event.added ? 'reacted' : 'took back'} “${what}” ${event.added ? 'to' : 'on'} ${noteText(event.reaction.shapeId)}.`;
  }
  return `New comment from ${personLabel(view, event.comment.authorId, event.comment.authorRole)} on ${noteText(event.comment.shapeId)}: ${event.comment.text}`;
}

/** A note in words, for a heading or an announcement: "the note “Ask the families”", its first 60 characters. */
export function describeNote(shape: unknown): string {
  const { type, props } = (shape ?? {}) as { type?: unknown; props?: { richText?: unknown } };
  const kind = type === 'text' ? 'text' : 'note';
  const text = richTextToPlain(props?.richText).replace(/\s+/g, ' ');
  return text ? `the ${kind} “${text.length > 60 ? `${text.slice(0, 60)}…` : text}”` : `an empty ${kind}`;
}

/** What a page gives useBoardResponses. */
export interface BoardResponsesOptions extends Omit<ResponsesView, 'store'> {
  /** When this person was last on the board (ms), so newer comments are marked new; null if never. */
  lastOnBoardAt: number | null;
  /**
   * Whether someone else's reaction or comment is worth announcing (a busy board's every change
   * would drown a screen reader); refusals of this person's own are always announced. Stable.
   */
  worthAnnouncing: (event: Exclude<ResponseEvent, { kind: 'refused' }>, onOwnNote: boolean) => boolean;
}

/** The board's reactions and comments over a page's connection, announced as `worthAnnouncing` says; null until connected. */
export function useBoardResponses(connection: BoardConnection | null, options: BoardResponsesOptions): ResponsesView | null {
  const { self, names, canRespond, announce, lastOnBoardAt, worthAnnouncing } = options;
  const store = useMemo(() => (connection ? new NoteResponsesStore(connection.doc, self, connection.canWrite, lastOnBoardAt) : null), [connection, self, lastOnBoardAt]);
  useEffect(() => store?.start(), [store]);
  const view = useMemo<ResponsesView | null>(() => store && { store, self, names, canRespond, announce }, [store, self, names, canRespond, announce]);
  useEffect(() => {
    if (!connection || !view) return;
    const records = connection.doc.getMap<unknown>(RECORDS_MAP);
    return view.store.onEvent((event) => {
      if (event.kind !== 'refused') {
        const shapeId = event.kind === 'reaction' ? event.reaction.shapeId : event.comment.shapeId;
        const author = (records.get(shapeId) as { meta?: { createdBy?: { userId?: unknown } } } | undefined)?.meta?.createdBy?.userId;
        if (!worthAnnouncing(event, author === view.self.id)) return;
      }
      view.announce(describeResponseEvent(view, event, (shapeId) => describeNote(records.get(shapeId))));
    });
  }, [connection, view, worthAnnouncing]);
  return view;
}
