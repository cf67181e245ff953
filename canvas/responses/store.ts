/**
 * Reactions and comments on a board's notes in the browser: read from the board's Yjs document
 * (REACTIONS_MAP and COMMENTS_MAP, lib/note-responses.ts), written into it as this person, and
 * watched for what others do and for what the server refused. The canvas and the text outline
 * use it over the same connection as the records; the server rules on every change
 * (server/realtime/response-policy.ts), so nothing here is trusted.
 */
import type * as Y from 'yjs';
import { COMMENTS_MAP, REACTIONS_MAP } from '../../lib/collab-protocol';
import {
  collectResponses,
  commentTextProblem,
  commentValue,
  readComment,
  readReaction,
  reactionKey,
  reactionValue,
  type CommentValue,
  type NoteComment,
  type NoteResponses,
  type Reaction,
  type ReactionKind,
} from '../../lib/note-responses';
import type { MemberRole } from '../../server/domain/roles';

/** What the board shows at one moment. */
export interface ResponsesSnapshot {
  /** Each note's reactions and comments, by shape id. */
  byNote: ReadonlyMap<string, NoteResponses>;
  /** Ids of comments by others this person has not seen yet. */
  unread: ReadonlySet<string>;
  /** Ids of comments that were new when this person opened the note they are on (still marked "New" there). */
  fresh: ReadonlySet<string>;
}

/** Something to tell the person about (see NoteResponsesStore.onEvent). */
export type ResponseEvent =
  | { kind: 'refused'; what: 'reaction' | 'comment' }
  | { kind: 'reaction'; reaction: Reaction; added: boolean }
  | { kind: 'comment'; comment: NoteComment };

/** Transaction origin of this page's own writes. */
const OWN_ORIGIN = Symbol('together-board.responses');
/** How long after writing something a server undoing it counts as a refusal, in ms. */
const REFUSAL_WATCH_MS = 15_000;
/** A change of more keys than this at once is a sync (reconnecting, a restore), not news to announce. */
const NEWS_MAX_KEYS = 5;
const CANNOT_WRITE = 'You cannot react or comment on this board now.';

/** A random comment id the server accepts (`comment:` and 24 hex digits); works without HTTPS, unlike randomUUID. */
function newCommentId(): string {
  return `comment:${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The board's reactions and comments for one person on one page. */
export class NoteResponsesStore {
  private snapshot: ResponsesSnapshot = { byNote: new Map(), unread: new Set(), fresh: new Set() };
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: ResponseEvent) => void>();
  /** Comments this person has looked at on this page. */
  private readonly seen = new Set<string>();
  /** The note whose comments this person is looking at (see setOpenNote), and the ones new to them when they came. */
  private openNote: string | null = null;
  private fresh = new Set<string>();
  /** Keys this page wrote lately, whether it left them present, and when (to notice the server undoing them). */
  private readonly ownWrites = new Map<string, { present: boolean; at: number }>();
  private readonly reactions: Y.Map<unknown>;
  private readonly comments: Y.Map<unknown>;

  constructor(
    doc: Y.Doc,
    private readonly self: { id: string; role: MemberRole },
    private readonly canWrite: () => boolean,
    /** When the person was last on the board (ms); comments by others since then are new. Null: never. */
    private readonly unreadSince: number | null,
  ) {
    this.reactions = doc.getMap(REACTIONS_MAP);
    this.comments = doc.getMap(COMMENTS_MAP);
  }

  /** Starts following the document; returns the stop. */
  start(): () => void {
    const onReactions = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => this.changed(event, transaction, 'reaction');
    const onComments = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => this.changed(event, transaction, 'comment');
    this.reactions.observe(onReactions);
    this.comments.observe(onComments);
    this.refresh();
    return () => {
      this.reactions.unobserve(onReactions);
      this.comments.unobserve(onComments);
    };
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For React's useSyncExternalStore: the same object until something changes. */
  getSnapshot = (): ResponsesSnapshot => this.snapshot;

  /** Hears others' reactions and comments, and the server refusing this person's. */
  onEvent(listener: (event: ResponseEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Whether this person has reacted `kind` to a note. */
  hasReacted(shapeId: string, kind: ReactionKind): boolean {
    return this.reactions.has(reactionKey(shapeId, this.self.id, kind));
  }

  /** Puts this person's reaction on a note, or takes it off; returns why it cannot be done, or null. */
  toggleReaction(shapeId: string, kind: ReactionKind): string | null {
    if (!this.canWrite()) return CANNOT_WRITE;
    const key = reactionKey(shapeId, this.self.id, kind);
    const present = !this.reactions.has(key);
    this.write(this.reactions, key, present ? reactionValue(this.self.role) : undefined);
    return null;
  }

  /** Adds this person's comment to a note; returns why it cannot be added, or null. */
  addComment(shapeId: string, text: string): string | null {
    const problem = this.textProblem(text);
    if (problem) return problem;
    // createdAt is a placeholder: the server stamps it with its own clock.
    const value: CommentValue = { shapeId, authorId: this.self.id, authorRole: this.self.role, text: text.trim(), createdAt: Date.now(), editedAt: null, resolved: false };
    this.write(this.comments, newCommentId(), value);
    return null;
  }

  /** Changes the words of this person's comment; returns why it cannot be done, or null. */
  rewordComment(id: string, text: string): string | null {
    const problem = this.textProblem(text);
    if (problem) return problem;
    return this.change(id, (comment) => ({ ...comment, text: text.trim() }));
  }

  /** Marks a comment dealt with, or opens it again. */
  setResolved(id: string, resolved: boolean): string | null {
    return this.change(id, (comment) => ({ ...comment, resolved }));
  }

  /** Removes a comment (their own; a facilitator any). */
  removeComment(id: string): string | null {
    if (!this.canWrite()) return CANNOT_WRITE;
    this.write(this.comments, id, undefined);
    return null;
  }

  /**
   * The note whose comments this person is looking at now (null: none). Its comments count as
   * seen, then and as they arrive; those that were new stay in `fresh` while it stays open.
   */
  setOpenNote(shapeId: string | null): void {
    if (shapeId === this.openNote) return;
    this.openNote = shapeId;
    this.fresh = new Set();
    this.refresh();
  }

  private textProblem(text: string): string | null {
    return this.canWrite() ? commentTextProblem(text.trim()) : CANNOT_WRITE;
  }

  private change(id: string, edit: (comment: NoteComment) => NoteComment): string | null {
    if (!this.canWrite()) return CANNOT_WRITE;
    const comment = readComment(id, this.comments.get(id));
    if (!comment) return 'That comment has been removed.';
    this.write(this.comments, id, commentValue(edit(comment)));
    return null;
  }

  private write(map: Y.Map<unknown>, key: string, value: unknown): void {
    this.ownWrites.set(key, { present: value !== undefined, at: Date.now() });
    map.doc?.transact(() => (value === undefined ? map.delete(key) : map.set(key, value)), OWN_ORIGIN);
  }

  private changed(event: Y.YMapEvent<unknown>, transaction: Y.Transaction, what: 'reaction' | 'comment'): void {
    this.refresh();
    if (transaction.origin === OWN_ORIGIN) return;
    const map = event.target as Y.Map<unknown>;
    const now = Date.now();
    const news = event.keysChanged.size <= NEWS_MAX_KEYS;
    for (const key of event.keysChanged) {
      const present = map.has(key);
      const own = this.ownWrites.get(key);
      if (own && now - own.at <= REFUSAL_WATCH_MS && own.present !== present) {
        // The server put back what this page changed (someone else's change cannot remove our own reaction or comment).
        this.ownWrites.delete(key);
        this.emit({ kind: 'refused', what });
        continue;
      }
      if (!news) continue;
      const change = event.changes.keys.get(key);
      if (what === 'reaction') {
        const reaction = readReaction(key, present ? map.get(key) : change?.oldValue);
        if (reaction && reaction.userId !== this.self.id && change?.action !== 'update') this.emit({ kind: 'reaction', reaction, added: present });
      } else if (present && change?.action === 'add') {
        const comment = readComment(key, map.get(key));
        if (comment && comment.authorId !== this.self.id) this.emit({ kind: 'comment', comment });
      }
    }
  }

  private emit(event: ResponseEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  private refresh(): void {
    const byNote = collectResponses(this.reactions.entries(), this.comments.entries());
    const unread = new Set<string>();
    for (const { comments } of byNote.values()) {
      for (const c of comments) {
        if (c.authorId === this.self.id || this.seen.has(c.id) || (this.unreadSince !== null && c.createdAt <= this.unreadSince)) continue;
        if (c.shapeId !== this.openNote) {
          unread.add(c.id);
          continue;
        }
        this.seen.add(c.id);
        this.fresh.add(c.id);
      }
    }
    this.snapshot = { byNote, unread, fresh: new Set(this.fresh) };
    for (const listener of this.listeners) listener();
  }
}
