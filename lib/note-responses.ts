/**
 * Reactions and comments on notes, as the board's Yjs document holds them (REACTIONS_MAP and
 * COMMENTS_MAP in collab-protocol.ts): their keys, their values, and how to read them. Shared by
 * the canvas, the outline, the server's policy (server/realtime/response-policy.ts), exports and
 * history, so it imports nothing but the outline's types.
 */
import type { AuthorRole, Balance, BoardOutline } from './board-outline';

/** The fixed set of reactions, in the order they are shown. */
export const REACTION_KINDS = ['agree', 'love', 'question', 'idea', 'celebrate'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

/** Each reaction in plain words (the canvas draws a symbol beside them: canvas/responses/ReactionIcon.tsx). */
export const REACTION_TEXT: Record<ReactionKind, { label: string }> = {
  agree: { label: 'Agree' },
  love: { label: 'Love it' },
  question: { label: 'Question' },
  idea: { label: 'Idea' },
  celebrate: { label: 'Celebrate' },
};

/** The shapes people react to and comment on: notes, and texts made with the T tool. */
export const RESPONSE_SHAPE_TYPES: ReadonlySet<string> = new Set(['note', 'text']);

/** The longest comment, in characters (about a paragraph; a note's discussion, not an essay). */
export const COMMENT_TEXT_MAX_CHARS = 1_000;

const ROLES: readonly string[] = ['facilitator', 'professional', 'lay_partner'];
const KEY_SEPARATOR = '|';
/** tldraw's shape ids (`shape:` and a nanoid or a template's name) and our people's ids (cuids). */
const SHAPE_ID = /^shape:[A-Za-z0-9_-]{1,64}$/;
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const COMMENT_ID = /^comment:[A-Za-z0-9_-]{8,64}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isRole(value: unknown): value is AuthorRole {
  return typeof value === 'string' && ROLES.includes(value);
}

function isReactionKind(value: unknown): value is ReactionKind {
  return typeof value === 'string' && (REACTION_KINDS as readonly string[]).includes(value);
}

/** One person's reaction of one kind to one note. */
export interface Reaction {
  shapeId: string;
  userId: string;
  kind: ReactionKind;
  /** The person's role when they reacted (written by them, checked by the server against their token). */
  role: AuthorRole;
}

/** The key of a reaction in REACTIONS_MAP: one per person per kind per note, so toggling is set or delete. */
export function reactionKey(shapeId: string, userId: string, kind: ReactionKind): string {
  return [shapeId, userId, kind].join(KEY_SEPARATOR);
}

/** The parts of a REACTIONS_MAP key, or null when it is not one. */
export function parseReactionKey(key: string): Omit<Reaction, 'role'> | null {
  const parts = key.split(KEY_SEPARATOR);
  if (parts.length !== 3) return null;
  const [shapeId, userId, kind] = parts;
  if (!SHAPE_ID.test(shapeId) || !USER_ID.test(userId) || !isReactionKind(kind)) return null;
  return { shapeId, userId, kind };
}

/** The value stored under a reaction's key. */
export function reactionValue(role: AuthorRole): { role: AuthorRole } {
  return { role };
}

/** A REACTIONS_MAP entry as a reaction, or null when it is not a well-formed one. */
export function readReaction(key: string, value: unknown): Reaction | null {
  const parts = parseReactionKey(key);
  if (!parts || !isPlainObject(value) || Object.keys(value).length !== 1 || !isRole(value.role)) return null;
  return { ...parts, role: value.role };
}

/** A comment on a note. Times are the server's clock (it stamps them), in ms since 1970. */
export interface NoteComment {
  id: string;
  shapeId: string;
  authorId: string;
  authorRole: AuthorRole;
  text: string;
  createdAt: number;
  /** When its author last changed its text; null if never. */
  editedAt: number | null;
  /** Dealt with: shown folded, and can be reopened. */
  resolved: boolean;
}

/** What COMMENTS_MAP stores under a comment's id. */
export type CommentValue = Omit<NoteComment, 'id'>;

const COMMENT_FIELDS = ['shapeId', 'authorId', 'authorRole', 'text', 'createdAt', 'editedAt', 'resolved'] as const;

/** Whether a string is a comment's id (`comment:` and 8 to 64 letters, digits, `-` or `_`). */
export function isCommentId(id: string): boolean {
  return COMMENT_ID.test(id);
}

/** Why a comment's text cannot be kept, in plain words; null when it can. */
export function commentTextProblem(text: string): string | null {
  if (text.trim().length === 0) return 'Write your comment first.';
  if (text.length > COMMENT_TEXT_MAX_CHARS) return `Keep a comment to ${COMMENT_TEXT_MAX_CHARS} characters or fewer.`;
  return null;
}

/** A COMMENTS_MAP entry as a comment, or null when it is not a well-formed one (exactly its fields, of their types). */
export function readComment(id: string, value: unknown): NoteComment | null {
  if (!isCommentId(id) || !isPlainObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== COMMENT_FIELDS.length || !COMMENT_FIELDS.every((field) => field in value)) return null;
  const { shapeId, authorId, authorRole, text, createdAt, editedAt, resolved } = value;
  if (typeof shapeId !== 'string' || !SHAPE_ID.test(shapeId)) return null;
  if (typeof authorId !== 'string' || !USER_ID.test(authorId) || !isRole(authorRole)) return null;
  if (typeof text !== 'string' || commentTextProblem(text) !== null) return null;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return null;
  if (editedAt !== null && (typeof editedAt !== 'number' || !Number.isFinite(editedAt))) return null;
  if (typeof resolved !== 'boolean') return null;
  return { id, shapeId, authorId, authorRole, text, createdAt, editedAt, resolved };
}

/** A comment without its id, as stored. */
export function commentValue({ id: _id, ...value }: NoteComment): CommentValue {
  return value;
}

/** The reactions and comments on one note. */
export interface NoteResponses {
  reactions: Reaction[];
  /** Oldest first. */
  comments: NoteComment[];
}

/** A note nobody has responded to. */
export const NO_RESPONSES: NoteResponses = Object.freeze({ reactions: [], comments: [] }) as NoteResponses;

/** Every note's responses, keyed by shape id, from the two maps' entries; malformed entries are skipped. */
export function collectResponses(reactions: Iterable<[string, unknown]>, comments: Iterable<[string, unknown]>): Map<string, NoteResponses> {
  const byNote = new Map<string, NoteResponses>();
  const of = (shapeId: string) => {
    let responses = byNote.get(shapeId);
    if (!responses) byNote.set(shapeId, (responses = { reactions: [], comments: [] }));
    return responses;
  };
  for (const [key, value] of reactions) {
    const reaction = readReaction(key, value);
    if (reaction) of(reaction.shapeId).reactions.push(reaction);
  }
  for (const [id, value] of comments) {
    const comment = readComment(id, value);
    if (comment) of(comment.shapeId).comments.push(comment);
  }
  for (const responses of byNote.values()) responses.comments.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return byNote;
}

/** How many reactions of each kind a note has. */
export function reactionCounts(responses: NoteResponses): Record<ReactionKind, number> {
  const counts = Object.fromEntries(REACTION_KINDS.map((kind) => [kind, 0])) as Record<ReactionKind, number>;
  for (const reaction of responses.reactions) counts[reaction.kind] += 1;
  return counts;
}

/** Each note of an outline with its responses, in the outline's order. */
export function responsesOnNotes(outline: BoardOutline, responses: ReadonlyMap<string, NoteResponses>): NoteResponses[] {
  return [...outline.frames.flatMap((f) => f.notes), ...outline.unframed].map((note) => responses.get(note.id) ?? NO_RESPONSES);
}

/** Reactions given and comments written by one role. */
export interface ResponseTally {
  reactions: number;
  comments: number;
}

/** Reactions and comments by the role of whoever gave them. */
export type ResponseBalance = Record<AuthorRole, ResponseTally>;

/**
 * Counts reactions and comments on the outline's notes by the responder's role. Responses to a
 * note that is no longer on the board are not counted (they come back with the note).
 */
export function countResponses(outline: BoardOutline, responses: ReadonlyMap<string, NoteResponses>): ResponseBalance {
  const balance: ResponseBalance = {
    facilitator: { reactions: 0, comments: 0 },
    professional: { reactions: 0, comments: 0 },
    lay_partner: { reactions: 0, comments: 0 },
  };
  for (const note of responsesOnNotes(outline, responses)) {
    for (const reaction of note.reactions) balance[reaction.role].reactions += 1;
    for (const comment of note.comments) balance[comment.authorRole].comments += 1;
  }
  return balance;
}

/** What the balance panel shows: notes and words by role, and reactions and comments by role. */
export interface BoardBalance {
  writing: Balance;
  responses: ResponseBalance;
}

/** The responses as one sentence, e.g. "Reactions: lay partners 4, professionals 2 · Comments: lay partners 1, professionals 3". */
export function describeResponses(balance: ResponseBalance): string {
  const part = (label: string, measure: keyof ResponseTally) => `${label}: lay partners ${balance.lay_partner[measure]}, professionals ${balance.professional[measure]}`;
  return `${part('Reactions', 'reactions')} · ${part('Comments', 'comments')}`;
}
