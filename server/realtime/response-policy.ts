import {
  RESPONSE_SHAPE_TYPES,
  commentValue,
  parseReactionKey,
  readComment,
  readReaction,
  type NoteComment,
} from '../../lib/note-responses';
import { can } from '../domain/permissions';
import type { RecordRefusal, WriterIdentity } from './record-policy';
import type { RecordChange } from './shape-locks';

/**
 * What the server lets a client write into a board's reactions and comments (REACTIONS_MAP and
 * COMMENTS_MAP, lib/note-responses.ts), as pure functions from one transaction's changes to the
 * writes that repair it, like record-policy.ts for the records. The room applies a ruling in one
 * server transaction in the same batch, so a refused change reaches neither the log nor the
 * peers (room.ts). Who may write at all (view-only people, participants on a locked board,
 * anyone on an archived or full board) is settled before: their updates are never applied.
 * Tested in tests/unit/realtime-response-policy.test.ts.
 */

/** What the policy needs from the board besides the changes. */
export interface ResponsePolicyContext {
  writer: WriterIdentity;
  /** The server's clock (ms since 1970): comments are stamped with it, never with the client's. */
  now: number;
  /** The type of the shape with this id on the board now (`note`, `text`, `frame`...); undefined when there is none. */
  shapeTypeOf(shapeId: string): string | undefined;
  /** Takes one of the writer's allowance of responses; false when they have sent too many too fast. */
  withinRate(): boolean;
}

/** The repairs one transaction needs. */
export interface ResponseRuling {
  /** Values the server writes back: a refused change undone, or a comment stamped; `undefined` deletes the key. */
  writes: Map<string, unknown>;
  /** Changes refused, and why (for the log; never sent to the client). */
  refused: RecordRefusal[];
}

/** Raised for a refused change; its message is the reason. */
class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

const RATE_REASON = 'Too many reactions and comments in a short time';

/**
 * Rules on each change of a transaction with `decide`, which returns the value to write back
 * (or nothing when the change stands) and throws a Refusal to undo it: an addition is deleted,
 * an update or deletion put back as it was.
 */
function rule(
  changes: ReadonlyMap<string, RecordChange>,
  decide: (key: string, change: RecordChange) => { write: unknown } | null,
  isValid: (key: string, value: unknown) => boolean,
): ResponseRuling {
  const ruling: ResponseRuling = { writes: new Map(), refused: [] };
  for (const [key, change] of changes) {
    try {
      const repair = decide(key, change);
      if (repair) ruling.writes.set(key, repair.write);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      ruling.refused.push({ key: key.slice(0, 200), reason: error.message });
      const before = change.action === 'add' ? undefined : change.oldValue;
      ruling.writes.set(key, before !== undefined && isValid(key, before) ? before : undefined);
    }
  }
  return ruling;
}

function assertRespondable(shapeId: string, context: ResponsePolicyContext): void {
  const type = context.shapeTypeOf(shapeId);
  if (!type || !RESPONSE_SHAPE_TYPES.has(type)) refuse(`Responses go on notes and texts, not on ${type ?? 'a missing shape'}`);
}

/**
 * Rules on a client's changes to REACTIONS_MAP. A reaction's key names the person
 * (`<shapeId>|<userId>|<kind>`): it must be the writer, whether they add it or take it away,
 * its value must be `{ role }` with the writer's verified role, its kind one of the fixed set,
 * and its note a note or a text on the board. Each change costs one of the writer's allowance.
 */
export function ruleOnReactionChanges(changes: ReadonlyMap<string, RecordChange>, context: ResponsePolicyContext): ResponseRuling {
  const { writer } = context;
  return rule(
    changes,
    (key, change) => {
      const parts = parseReactionKey(key);
      if (!parts) refuse('Not a reaction');
      if (parts.userId !== writer.userId) refuse('A reaction as someone else');
      if (change.action !== 'delete') {
        const reaction = readReaction(key, change.value);
        if (!reaction || reaction.role !== writer.role) refuse('A reaction must carry the writer’s role and nothing else');
        assertRespondable(parts.shapeId, context);
      }
      if (!context.withinRate()) refuse(RATE_REASON);
      return null;
    },
    (key, value) => readReaction(key, value) !== null,
  );
}

/** The fields of a comment nobody may change once it is written. */
const FIXED_COMMENT_FIELDS = ['shapeId', 'authorId', 'authorRole', 'createdAt'] as const;

/**
 * Rules on a client's changes to COMMENTS_MAP:
 * - a new comment is the writer's own (author and role from their token), on a note or text on
 *   the board, with 1 to COMMENT_TEXT_MAX_CHARS characters; the server stamps `createdAt` with
 *   its clock and `editedAt` null;
 * - only its author changes a comment's words (the server stamps `editedAt`); anyone who may
 *   edit the board resolves or reopens it; nothing else about it changes;
 * - its author removes it, and so may anyone who may remove any (facilitators, `comment.removeAny`).
 * Each change costs one of the writer's allowance. A removed comment stays in the board's saved
 * versions, and comes back when one is restored.
 */
export function ruleOnCommentChanges(changes: ReadonlyMap<string, RecordChange>, context: ResponsePolicyContext): ResponseRuling {
  const { writer, now } = context;
  return rule(
    changes,
    (id, change) => {
      if (change.action === 'delete') {
        const old = readComment(id, change.oldValue);
        if (old && old.authorId !== writer.userId && !can(writer.role, 'comment.removeAny')) refuse('Only its author or a facilitator may remove a comment');
        if (!context.withinRate()) refuse(RATE_REASON);
        return null;
      }
      const written = readComment(id, change.value);
      if (!written) refuse('A malformed comment, or one too long');
      let stamped: NoteComment;
      if (change.action === 'add') {
        if (written.authorId !== writer.userId || written.authorRole !== writer.role) refuse('A comment as someone else');
        assertRespondable(written.shapeId, context);
        stamped = { ...written, createdAt: now, editedAt: null };
      } else {
        const old = readComment(id, change.oldValue);
        if (!old) refuse('A change to a malformed comment');
        if (FIXED_COMMENT_FIELDS.some((field) => written[field] !== old[field])) refuse('Only a comment’s words and whether it is resolved may change');
        const reworded = written.text !== old.text;
        if (reworded && old.authorId !== writer.userId) refuse('Only its author may change a comment’s words');
        stamped = { ...written, editedAt: reworded ? now : old.editedAt };
      }
      if (!context.withinRate()) refuse(RATE_REASON);
      return stamped.createdAt === written.createdAt && stamped.editedAt === written.editedAt ? null : { write: commentValue(stamped) };
    },
    (id, value) => readComment(id, value) !== null,
  );
}
