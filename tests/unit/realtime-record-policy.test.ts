import { describe, expect, it } from 'vitest';
import { META_DELETION_MARK_KEY, META_SCHEMA_KEY } from '../../lib/collab-protocol';
import type { ShapeAuthor } from '../../server/realtime/attribution';
import { isExternalUrl } from '../../server/realtime/board-content';
import { ruleOnMetaChanges, ruleOnRecordChanges, type RecordPolicyContext, type WriterIdentity } from '../../server/realtime/record-policy';
import { validateBoardRecordEntry } from '../../server/realtime/seed';
import type { RecordChange } from '../../server/realtime/shape-locks';
import { BOARD_PAGE_ID, noteShape, siblingIndexes } from '../../server/realtime/templates/records';

const PARTNER: WriterIdentity = { userId: 'user-lee', role: 'lay_partner' };
const FACILITATOR: WriterIdentity = { userId: 'user-fran', role: 'facilitator' };

function note(id: string, extra: Record<string, unknown> = {}) {
  return { ...noteShape({ id, parentId: BOARD_PAGE_ID, index: siblingIndexes(1)[0], x: 0, y: 0, text: id }), ...extra };
}

function context(writer: WriterIdentity, deleted: Record<string, ShapeAuthor> = {}): RecordPolicyContext {
  return { writer, validateRecord: validateBoardRecordEntry, deletedAuthorOf: (key) => deleted[key] };
}

const rule = (changes: [string, RecordChange][], ctx: RecordPolicyContext) => ruleOnRecordChanges(new Map(changes), ctx);

describe('record policy: what a client may write into the records map', () => {
  it('credits a new shape to the writer, whatever author the client claimed', () => {
    const written = note('idea', { meta: { createdBy: { userId: 'someone-else', role: 'facilitator' } } });
    const ruling = rule([['shape:idea', { action: 'add', value: written }]], context(PARTNER));
    expect(ruling.refused).toEqual([]);
    expect(ruling.writes.get('shape:idea')).toMatchObject({ meta: { createdBy: { userId: PARTNER.userId, role: 'lay_partner' } } });
  });

  it('writes nothing back for a shape already credited correctly (the usual edit costs no repair)', () => {
    const before = note('idea', { meta: { createdBy: PARTNER } });
    const after = { ...before, x: 40 };
    const ruling = rule([['shape:idea', { action: 'update', oldValue: before, value: after }]], context(PARTNER));
    expect(ruling.writes.size).toBe(0);
    expect(ruling.refused).toEqual([]);
  });

  it('puts an invalid update back to the valid value it had, and removes an invalid new record', () => {
    const before = note('idea', { meta: { createdBy: PARTNER } });
    const ruling = rule(
      [
        ['shape:idea', { action: 'update', oldValue: before, value: { ...before, x: 'far away' } }],
        ['shape:junk', { action: 'add', value: { typeName: 'shape', id: 'shape:junk' } }],
      ],
      context(PARTNER),
    );
    expect(ruling.refused.map((r) => r.key).sort()).toEqual(['shape:idea', 'shape:junk']);
    expect(ruling.writes.get('shape:idea')).toBe(before);
    expect(ruling.writes.has('shape:junk')).toBe(true);
    expect(ruling.writes.get('shape:junk')).toBeUndefined();
  });

  it("keeps a person's own user record (tldraw shares their name and colour in it) and refuses anyone else's", () => {
    const user = (id: string) => ({ id: `user:${id}`, typeName: 'user', name: 'Lee', color: '#d7263d', imageUrl: '', meta: {} });
    const ruling = rule(
      [
        [`user:${PARTNER.userId}`, { action: 'add', value: user(PARTNER.userId) }],
        [`user:${FACILITATOR.userId}`, { action: 'add', value: user(FACILITATOR.userId) }],
      ],
      context(PARTNER),
    );
    expect(ruling.refused.map((r) => r.key)).toEqual([`user:${FACILITATOR.userId}`]);
    expect(ruling.writes.has(`user:${PARTNER.userId}`)).toBe(false);
  });

  it('refuses a picture that is not one of our uploads (a data: URL), keeping the reason short', () => {
    const asset = {
      id: 'asset:photo',
      typeName: 'asset',
      type: 'image',
      props: { name: 'p.png', src: `data:image/png;base64,${'A'.repeat(10_000)}`, w: 10, h: 10, mimeType: 'image/png', isAnimated: false },
      meta: {},
    };
    const ruling = rule([['asset:photo', { action: 'add', value: asset }]], context(PARTNER));
    expect(ruling.refused).toHaveLength(1);
    expect(ruling.refused[0].reason.length).toBeLessThan(300);
    expect(ruling.writes.get('asset:photo')).toBeUndefined();
  });

  it('puts back a locked shape a participant moved, but lets a facilitator move it', () => {
    const locked = note('title', { isLocked: true, meta: { createdBy: FACILITATOR } });
    const moved: [string, RecordChange][] = [['shape:title', { action: 'update', oldValue: locked, value: { ...locked, x: 300 } }]];
    const refused = rule(moved, context(PARTNER));
    expect(refused.writes.get('shape:title')).toBe(locked);
    expect(refused.lockRepaired).toEqual(['shape:title']);
    const allowed = rule(moved, context(FACILITATOR));
    expect(allowed.writes.size).toBe(0);
    expect(allowed.lockRepaired).toEqual([]);
  });

  it('takes out a participant’s copy of a locked template prompt (select all, duplicate) instead of crediting it to them; a facilitator may copy it', () => {
    const copy = note('copy-of-prompt', { isLocked: true, meta: {} });
    const duplicated: [string, RecordChange][] = [['shape:copy-of-prompt', { action: 'add', value: copy }]];
    const refused = rule(duplicated, context(PARTNER));
    expect(refused.writes.has('shape:copy-of-prompt')).toBe(true);
    expect(refused.writes.get('shape:copy-of-prompt')).toBeUndefined();
    expect(refused.lockRepaired).toEqual(['shape:copy-of-prompt']);
    const allowed = rule(duplicated, context(FACILITATOR));
    expect(allowed.writes.get('shape:copy-of-prompt')).toMatchObject({ isLocked: true, meta: { createdBy: FACILITATOR } });
    // A participant's own note carrying a prompt's words is theirs as usual.
    const ownNote = rule([['shape:own', { action: 'add', value: note('own', { meta: { createdBy: PARTNER } }) }]], context(PARTNER));
    expect(ownNote.writes.size).toBe(0);
  });

  it('remembers a deleted shape’s author, and gives it back when the shape returns (an undo)', () => {
    const author: ShapeAuthor = { userId: 'user-priya', role: 'professional' };
    const deleted = rule([['shape:idea', { action: 'delete', oldValue: note('idea', { meta: { createdBy: author } }) }]], context(PARTNER));
    expect(deleted.deletedAuthors).toEqual([['shape:idea', author]]);
    const undone = rule([['shape:idea', { action: 'add', value: note('idea', { meta: { createdBy: PARTNER } }) }]], context(PARTNER, { 'shape:idea': author }));
    expect(undone.writes.get('shape:idea')).toMatchObject({ meta: { createdBy: author } });
  });
});

describe('record policy: the board metadata', () => {
  it('keeps a client’s deletion mark (its client id) and undoes every other change', () => {
    const changes = new Map([
      [META_DELETION_MARK_KEY, { action: 'update' as const, oldValue: 7 }],
      [META_SCHEMA_KEY, { action: 'update' as const, oldValue: { schemaVersion: 2 } }],
      ['extra', { action: 'add' as const, oldValue: undefined }],
    ]);
    const current: Record<string, unknown> = { [META_DELETION_MARK_KEY]: 12345, [META_SCHEMA_KEY]: 'forged', extra: 1 };
    const writes = ruleOnMetaChanges(changes, (key) => current[key]);
    expect(writes.has(META_DELETION_MARK_KEY)).toBe(false);
    expect(writes.get(META_SCHEMA_KEY)).toEqual({ schemaVersion: 2 });
    expect(writes.has('extra')).toBe(true);
    expect(writes.get('extra')).toBeUndefined();
  });

  it('undoes a deletion mark that is not a client id, and its deletion', () => {
    const bad = ruleOnMetaChanges(new Map([[META_DELETION_MARK_KEY, { action: 'update' as const, oldValue: 7 }]]), () => 'not an id');
    expect(bad.get(META_DELETION_MARK_KEY)).toBe(7);
    const gone = ruleOnMetaChanges(new Map([[META_DELETION_MARK_KEY, { action: 'delete' as const, oldValue: 7 }]]), () => undefined);
    expect(gone.get(META_DELETION_MARK_KEY)).toBe(7);
  });
});

describe('record policy: nothing that reaches another host', () => {
  it('recognises another host’s address however a browser would read it, and leaves our own paths and data alone', () => {
    for (const url of ['https://x.org', 'http://x.org', 'HTTPS:x.org', '//x.org/a', '\\\\x.org', '/\\x.org', ' \thttps://x.org', 'ht\ntps://x.org', 'wss://x.org', 'foo://x.org']) {
      expect(isExternalUrl(url), url).toBe(true);
    }
    for (const url of ['/api/assets/0123456789abcdef0123456789abcdef', 'data:image/png;base64,AAAA', '', 'see https://x.org', 'mailto:a@b.org', 'note']) {
      expect(isExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses a shape whose link property points at another host, and keeps typed text that mentions one', () => {
    const linked = note('link', { props: { ...note('link').props, url: 'https://tracker.example/' } });
    const typed = note('typed', { meta: { createdBy: PARTNER } });
    typed.props = { ...typed.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'https://www.nhs.uk' }] }] } };
    const ruling = rule(
      [
        ['shape:link', { action: 'add', value: linked }],
        ['shape:typed', { action: 'add', value: typed }],
      ],
      context(PARTNER),
    );
    expect(ruling.refused.map((r) => r.key)).toEqual(['shape:link']);
  });
});
