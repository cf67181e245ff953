import { describe, expect, it } from 'vitest';
import { COMMENT_TEXT_MAX_CHARS, reactionKey, type CommentValue } from '../../lib/note-responses';
import type { WriterIdentity } from '../../server/realtime/record-policy';
import { ruleOnCommentChanges, ruleOnReactionChanges, type ResponsePolicyContext } from '../../server/realtime/response-policy';
import type { RecordChange } from '../../server/realtime/shape-locks';

const LEE: WriterIdentity = { userId: 'user-lee', role: 'lay_partner' };
const PRIYA: WriterIdentity = { userId: 'user-priya', role: 'professional' };
const FRAN: WriterIdentity = { userId: 'user-fran', role: 'facilitator' };
const NOW = 1_800_000_000_000;
const SHAPES: Record<string, string> = { 'shape:idea': 'note', 'shape:heading': 'text', 'shape:frame': 'frame', 'shape:box': 'geo' };

/** A context with the board's shapes above and an allowance of `allowance` responses. */
function context(writer: WriterIdentity, allowance = Infinity): ResponsePolicyContext & { taken: number } {
  const ctx = {
    writer,
    now: NOW,
    taken: 0,
    shapeTypeOf: (id: string) => SHAPES[id],
    withinRate: () => ctx.taken++ < allowance,
  };
  return ctx;
}

const reactions = (changes: [string, RecordChange][], ctx: ResponsePolicyContext) => ruleOnReactionChanges(new Map(changes), ctx);
const comments = (changes: [string, RecordChange][], ctx: ResponsePolicyContext) => ruleOnCommentChanges(new Map(changes), ctx);

function comment(author: WriterIdentity, extra: Partial<CommentValue> = {}): CommentValue {
  return { shapeId: 'shape:idea', authorId: author.userId, authorRole: author.role, text: 'Could we ask the families?', createdAt: NOW - 60_000, editedAt: null, resolved: false, ...extra };
}

const ID = 'comment:abcdefgh12';

describe('response policy: reactions', () => {
  it('keeps a person’s own reaction to a note or a text, with their role, and its removal', () => {
    const ruling = reactions(
      [
        [reactionKey('shape:idea', LEE.userId, 'agree'), { action: 'add', value: { role: 'lay_partner' } }],
        [reactionKey('shape:heading', LEE.userId, 'love'), { action: 'add', value: { role: 'lay_partner' } }],
        [reactionKey('shape:idea', LEE.userId, 'idea'), { action: 'delete', oldValue: { role: 'lay_partner' } }],
      ],
      context(LEE),
    );
    expect(ruling.refused).toEqual([]);
    expect(ruling.writes.size).toBe(0);
  });

  it('refuses reacting as someone else, and taking someone else’s reaction away (it is put back)', () => {
    const theirs = reactionKey('shape:idea', PRIYA.userId, 'agree');
    const ruling = reactions(
      [
        [reactionKey('shape:idea', PRIYA.userId, 'love'), { action: 'add', value: { role: 'lay_partner' } }],
        [theirs, { action: 'delete', oldValue: { role: 'professional' } }],
      ],
      context(LEE),
    );
    expect(ruling.refused.map((r) => r.reason)).toEqual(['A reaction as someone else', 'A reaction as someone else']);
    expect(ruling.writes.get(reactionKey('shape:idea', PRIYA.userId, 'love'))).toBeUndefined();
    expect(ruling.writes.has(reactionKey('shape:idea', PRIYA.userId, 'love'))).toBe(true);
    expect(ruling.writes.get(theirs)).toEqual({ role: 'professional' });
  });

  it('refuses a facilitator removing a participant’s reaction too: reactions are each person’s own', () => {
    const key = reactionKey('shape:idea', LEE.userId, 'agree');
    const ruling = reactions([[key, { action: 'delete', oldValue: { role: 'lay_partner' } }]], context(FRAN));
    expect(ruling.writes.get(key)).toEqual({ role: 'lay_partner' });
  });

  it('refuses another role than the writer’s, extra fields, unknown kinds, malformed keys and targets that are not notes or texts', () => {
    const refusedKeys = [
      [reactionKey('shape:idea', LEE.userId, 'agree'), { role: 'facilitator' }],
      [reactionKey('shape:idea', LEE.userId, 'love'), { role: 'lay_partner', weight: 100 }],
      [`shape:idea|${LEE.userId}|thumbs-down`, { role: 'lay_partner' }],
      [`shape:idea|${LEE.userId}|agree|extra`, { role: 'lay_partner' }],
      [`idea|${LEE.userId}|agree`, { role: 'lay_partner' }],
      [reactionKey('shape:frame', LEE.userId, 'agree'), { role: 'lay_partner' }],
      [reactionKey('shape:box', LEE.userId, 'agree'), { role: 'lay_partner' }],
      [reactionKey('shape:gone', LEE.userId, 'agree'), { role: 'lay_partner' }],
    ] as const;
    const ruling = reactions(
      refusedKeys.map(([key, value]) => [key, { action: 'add', value }]),
      context(LEE),
    );
    expect(ruling.refused.map((r) => r.key)).toEqual(refusedKeys.map(([key]) => key));
    for (const [key] of refusedKeys) expect(ruling.writes.get(key)).toBeUndefined();
  });

  it('refuses changes past the writer’s allowance, putting each back as it was', () => {
    const first = reactionKey('shape:idea', LEE.userId, 'agree');
    const second = reactionKey('shape:idea', LEE.userId, 'love');
    const third = reactionKey('shape:idea', LEE.userId, 'idea');
    const ruling = reactions(
      [
        [first, { action: 'add', value: { role: 'lay_partner' } }],
        [second, { action: 'add', value: { role: 'lay_partner' } }],
        [third, { action: 'delete', oldValue: { role: 'lay_partner' } }],
      ],
      context(LEE, 1),
    );
    expect(ruling.refused.map((r) => r.key)).toEqual([second, third]);
    expect(ruling.refused[0].reason).toMatch(/Too many/);
    expect(ruling.writes.has(first)).toBe(false);
    expect(ruling.writes.get(second)).toBeUndefined();
    expect(ruling.writes.get(third)).toEqual({ role: 'lay_partner' });
  });
});

describe('response policy: comments', () => {
  it('keeps a person’s own comment on a note, stamped with the server’s clock', () => {
    const ruling = comments([[ID, { action: 'add', value: comment(LEE, { createdAt: 5, editedAt: 7 }) }]], context(LEE));
    expect(ruling.refused).toEqual([]);
    expect(ruling.writes.get(ID)).toEqual(comment(LEE, { createdAt: NOW, editedAt: null }));
  });

  it('writes nothing back when the comment already carries the server’s stamp', () => {
    const ruling = comments([[ID, { action: 'add', value: comment(LEE, { createdAt: NOW }) }]], context(LEE));
    expect(ruling.writes.size).toBe(0);
  });

  it('refuses a comment as someone else, with another role, on a frame, on nothing, empty, or too long', () => {
    const cases: [string, CommentValue][] = [
      ['comment:as-priya-1', comment(PRIYA)],
      ['comment:as-fran-12', comment({ userId: LEE.userId, role: 'facilitator' })],
      ['comment:on-frame-1', comment(LEE, { shapeId: 'shape:frame' })],
      ['comment:on-gone-12', comment(LEE, { shapeId: 'shape:gone' })],
      ['comment:blank-123', comment(LEE, { text: '   ' })],
      ['comment:too-long-1', comment(LEE, { text: 'a'.repeat(COMMENT_TEXT_MAX_CHARS + 1) })],
      ['not-a-comment-id', comment(LEE)],
    ];
    const ruling = comments(
      cases.map(([id, value]) => [id, { action: 'add', value }]),
      context(LEE),
    );
    expect(ruling.refused.map((r) => r.key)).toEqual(cases.map(([id]) => id));
    for (const [id] of cases) expect(ruling.writes.get(id)).toBeUndefined();
    // The longest allowed is kept.
    const longest = comments([[ID, { action: 'add', value: comment(LEE, { text: 'a'.repeat(COMMENT_TEXT_MAX_CHARS) }) }]], context(LEE));
    expect(longest.refused).toEqual([]);
  });

  it('lets the author change their words (stamping editedAt), and refuses anyone else, a facilitator included', () => {
    const before = comment(LEE);
    const after = { ...before, text: 'Could we ask the families first?' };
    const own = comments([[ID, { action: 'update', oldValue: before, value: after }]], context(LEE));
    expect(own.refused).toEqual([]);
    expect(own.writes.get(ID)).toEqual({ ...after, editedAt: NOW });
    for (const other of [PRIYA, FRAN]) {
      const ruling = comments([[ID, { action: 'update', oldValue: before, value: after }]], context(other));
      expect(ruling.refused[0]?.reason).toMatch(/Only its author/);
      expect(ruling.writes.get(ID)).toEqual(before);
    }
  });

  it('lets anyone who may edit resolve or reopen a comment, and nobody move it, reassign it or backdate it', () => {
    const before = comment(LEE, { editedAt: NOW - 1000 });
    const resolved = comments([[ID, { action: 'update', oldValue: before, value: { ...before, resolved: true } }]], context(PRIYA));
    expect(resolved.refused).toEqual([]);
    expect(resolved.writes.size).toBe(0);
    // editedAt is the server's: a client's own value is put back.
    const restamped = comments([[ID, { action: 'update', oldValue: before, value: { ...before, resolved: true, editedAt: 1 } }]], context(PRIYA));
    expect(restamped.writes.get(ID)).toEqual({ ...before, resolved: true });
    for (const change of [{ shapeId: 'shape:heading' }, { authorId: PRIYA.userId }, { authorRole: 'professional' as const }, { createdAt: 1 }]) {
      const ruling = comments([[ID, { action: 'update', oldValue: before, value: { ...before, ...change } }]], context(LEE));
      expect(ruling.refused, JSON.stringify(change)).toHaveLength(1);
      expect(ruling.writes.get(ID)).toEqual(before);
    }
  });

  it('lets the author or a facilitator remove a comment, and puts it back for anyone else', () => {
    const before = comment(LEE);
    for (const writer of [LEE, FRAN]) {
      const ruling = comments([[ID, { action: 'delete', oldValue: before }]], context(writer));
      expect(ruling.writes.size, writer.userId).toBe(0);
    }
    const ruling = comments([[ID, { action: 'delete', oldValue: before }]], context(PRIYA));
    expect(ruling.refused[0].reason).toMatch(/author or a facilitator/);
    expect(ruling.writes.get(ID)).toEqual(before);
  });

  it('refuses comments past the writer’s allowance', () => {
    const ruling = comments(
      [
        ['comment:first-123', { action: 'add', value: comment(LEE, { createdAt: NOW }) }],
        ['comment:second-12', { action: 'add', value: comment(LEE, { createdAt: NOW }) }],
      ],
      context(LEE, 1),
    );
    expect(ruling.refused.map((r) => r.key)).toEqual(['comment:second-12']);
    expect(ruling.writes.get('comment:second-12')).toBeUndefined();
  });
});
