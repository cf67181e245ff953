import { describe, expect, it } from 'vitest';
import { toRichText } from '@tldraw/tlschema';
import { LiveOutline, buildOutline, countBalance, describeBalance, richTextToPlain } from '../../lib/board-outline';
import { BOARD_PAGE_ID, frameShape, noteShape, siblingIndexes, textShape } from '../../server/realtime/templates/records';
import { restoreChanges } from '../../server/domain/version-restore';
import { escapeMarkdown, notesCsv, notesMarkdown } from '../../server/exports/notes-format';
import { collectResponses, countResponses, describeResponses, reactionKey, type CommentValue } from '../../lib/note-responses';

const NONE = new Map();
/** Reactions and comments on note `a`: two reactions and a resolved comment by Priya, one comment by Lee over two lines. */
const responses = collectResponses(
  [
    [reactionKey('shape:a', 'user-professional', 'agree'), { role: 'professional' }],
    [reactionKey('shape:a', 'user-lay_partner', 'agree'), { role: 'lay_partner' }],
    [reactionKey('shape:a', 'user-lay_partner', 'idea'), { role: 'lay_partner' }],
    [reactionKey('shape:gone', 'user-lay_partner', 'idea'), { role: 'lay_partner' }],
  ],
  [
    ['comment:second-1', { shapeId: 'shape:a', authorId: 'user-lay_partner', authorRole: 'lay_partner', text: 'Me too,\nand "more"', createdAt: 2, editedAt: null, resolved: false } satisfies CommentValue],
    ['comment:first-12', { shapeId: 'shape:a', authorId: 'user-professional', authorRole: 'professional', text: 'Why *first*?', createdAt: 1, editedAt: null, resolved: true } satisfies CommentValue],
  ],
);

const [i1] = siblingIndexes(1);
const frame = (id: string, name: string, x: number, y: number) => frameShape({ id, parentId: BOARD_PAGE_ID, index: i1, x, y, w: 400, h: 400, name });
function note(id: string, text: string, parent: string, x: number, y: number, role?: 'professional' | 'lay_partner' | 'facilitator') {
  const n = noteShape({ id, parentId: parent as typeof BOARD_PAGE_ID, index: i1, x, y, text });
  return role ? { ...n, meta: { createdBy: { userId: `user-${role}`, role } } } : n;
}

const records = [
  frame('right', 'Ideas', 500, 0),
  frame('left', 'Questions', 0, 0),
  note('b', 'Second, lower', 'shape:left', 0, 200, 'professional'),
  note('a', 'First "quoted", with comma', 'shape:left', 0, 0, 'lay_partner'),
  note('c', 'Line one\nLine two', 'shape:right', 10, 10, 'lay_partner'),
  note('loose', 'On the page', BOARD_PAGE_ID, 2000, 0),
];

describe('outline', () => {
  it('lists frames in reading order with their notes top to bottom, and notes in no frame', () => {
    const outline = buildOutline(records);
    expect(outline.frames.map((f) => [f.name, f.notes.map((n) => n.text)])).toEqual([
      ['Questions', ['First "quoted", with comma', 'Second, lower']],
      ['Ideas', ['Line one\nLine two']],
    ]);
    expect(outline.unframed.map((n) => [n.text, n.author])).toEqual([['On the page', null]]);
  });

  it('marks the notes a facilitator locked, so the outline offers no edit to anyone else', () => {
    const outline = buildOutline([...records.slice(0, 5), { ...records[5], isLocked: true }]);
    expect(outline.unframed.map((n) => n.locked)).toEqual([true]);
    expect(outline.frames.flatMap((f) => f.notes.map((n) => n.locked))).toEqual([false, false, false]);
  });

  it('lists texts made with the T tool among the notes, but not a template’s own heading or agenda', () => {
    const written = { ...textShape({ id: 'typed', parentId: 'shape:left' as typeof BOARD_PAGE_ID, index: i1, x: 0, y: 300, w: 200, text: 'Typed with the T tool', size: 'm', locked: false }), meta: { createdBy: { userId: 'user-professional', role: 'professional' } } };
    const heading = textShape({ id: 'title', parentId: BOARD_PAGE_ID, index: i1, x: 0, y: -160, w: 1200, text: 'The board', size: 'xl', locked: true });
    const outline = buildOutline([...records, written, heading]);
    expect(outline.frames[0].notes.map((n) => n.text)).toEqual(['First "quoted", with comma', 'Second, lower', 'Typed with the T tool']);
    expect(outline.unframed.map((n) => n.text)).toEqual(['On the page']);
    expect(notesCsv(outline, NONE)).toContain('Questions,Typed with the T tool,Professional,0,0,0,0,0,,\r\n');
  });

  it('reads rich text as plain lines', () => {
    expect(richTextToPlain(toRichText('One\nTwo'))).toBe('One\nTwo');
    expect(richTextToPlain(undefined)).toBe('');
  });

  it('counts notes and words by role, leaving out notes with no recorded author', () => {
    const balance = countBalance(buildOutline(records));
    expect(balance.lay_partner).toEqual({ notes: 2, words: 8 });
    expect(balance.professional).toEqual({ notes: 1, words: 2 });
    expect(balance.facilitator).toEqual({ notes: 0, words: 0 });
    expect(describeBalance(balance)).toBe('Lay partners: 2 notes, 8 words · Professionals: 1 note, 2 words');
  });
});

describe('restore changes', () => {
  it('writes back what changed or went, and deletes what is new', () => {
    const old = new Map<string, unknown>([
      ['a', { v: 1 }],
      ['b', { v: 2 }],
      ['same', { v: 3 }],
    ]);
    const current = new Map<string, unknown>([
      ['a', { v: 9 }],
      ['same', { v: 3 }],
      ['new', { v: 4 }],
    ]);
    expect(restoreChanges(current, old)).toEqual({ set: [['a', { v: 1 }], ['b', { v: 2 }]], remove: ['new'] });
    expect(restoreChanges(old, old)).toEqual({ set: [], remove: [] });
  });
});

describe('notes export formats', () => {
  const outline = buildOutline(records);

  it('CSV quotes commas, quotes and line breaks, with roles and no names unless asked', () => {
    const csv = notesCsv(outline, NONE);
    expect(csv.startsWith('\uFEFFFrame,Note,Author role,Agree,Love it,Question,Idea,Celebrate,Reacted by,Comments\r\n')).toBe(true);
    expect(csv).toContain('Questions,"First ""quoted"", with comma",Lay partner,0,0,0,0,0,,\r\n');
    expect(csv).toContain('Ideas,"Line one\nLine two",Lay partner,0,0,0,0,0,,\r\n');
    // A note with no recorded author is named as the outline names it.
    expect(csv).toContain('Not in a frame,On the page,Prompt,0,0,0,0,0,,\r\n');
    expect(csv).not.toContain('Lee');
    const named = notesCsv(outline, NONE, { names: new Map([['user-lay_partner', 'Lee Partner']]) });
    expect(named).toContain(',Author name,Agree,');
    expect(named).toContain('Questions,"First ""quoted"", with comma",Lay partner,Lee Partner,0,0,0,0,0,,\r\n');
  });

  it('CSV counts each reaction, says who by role, and lists the comments oldest first, with names only when asked', () => {
    const csv = notesCsv(outline, responses);
    expect(csv).toContain(
      'Questions,"First ""quoted"", with comma",Lay partner,2,0,0,1,0,"Agree: Professional, Lay partner; Idea: Lay partner","Professional (resolved): Why *first*?\nLay partner: Me too,\nand ""more"""\r\n',
    );
    const named = notesCsv(outline, responses, { names: new Map([['user-lay_partner', 'Lee Partner'], ['user-professional', 'Priya Pro']]) });
    expect(named).toContain('"Agree: Priya Pro (Professional), Lee Partner (Lay partner); Idea: Lee Partner (Lay partner)"');
    expect(named).toContain('"Priya Pro (Professional) (resolved): Why *first*?\nLee Partner (Lay partner): Me too,\nand ""more"""');
  });

  it('Markdown has a heading per frame and a list item per note, escaped, with its reactions and comments under it', () => {
    const md = notesMarkdown('Day 1 # board', outline, NONE);
    expect(md).toContain('# Day 1 # board\n');
    expect(md).toContain('## Questions\n\n- First "quoted", with comma (Lay partner)\n- Second, lower (Professional)\n');
    expect(md).toContain('- Line one  \n  Line two (Lay partner)');
    expect(md).toContain('## Not in a frame\n\n- On the page\n');
    expect(escapeMarkdown('# not a heading *really* [x](y)')).toBe('\\# not a heading \\*really\\* \\[x\\](y)');
    expect(notesMarkdown('Day 1', outline, responses)).toContain(
      '- First "quoted", with comma (Lay partner)\n  - Reactions: Agree: Professional, Lay partner; Idea: Lay partner\n  - Comment from Professional (resolved): Why \\*first\\*?\n  - Comment from Lay partner: Me too,  \n    and "more"\n- Second, lower',
    );
  });
});

describe('responses', () => {
  it('counts reactions and comments on the board’s notes by role, leaving out those on notes that are gone', () => {
    const balance = countResponses(buildOutline(records), responses);
    expect(balance).toEqual({ facilitator: { reactions: 0, comments: 0 }, professional: { reactions: 1, comments: 1 }, lay_partner: { reactions: 2, comments: 1 } });
    expect(describeResponses(balance)).toBe('Reactions: lay partners 2, professionals 1 · Comments: lay partners 1, professionals 1');
  });

  it('skips malformed entries and sorts each thread oldest first', () => {
    const read = collectResponses(
      [
        ['shape:a|someone|shrug', { role: 'lay_partner' }],
        [reactionKey('shape:a', 'someone', 'love'), { role: 'nobody' }],
      ],
      [['comment:bad-one-1', { text: 'no fields' }]],
    );
    expect(read.size).toBe(0);
    expect(responses.get('shape:a')?.comments.map((c) => c.id)).toEqual(['comment:first-12', 'comment:second-1']);
  });
});

describe('live outline (the outline page, change by change)', () => {
  const group = (id: string, parent: string, x: number, y: number) => ({ ...note(id, '', parent, x, y), type: 'group', props: {} });
  const board = () => new Map<string, unknown>(records.map((r) => [r.id, r]));
  const allNotes = (outline: ReturnType<typeof buildOutline>) => [...outline.frames.flatMap((f) => f.notes), ...outline.unframed];

  it('after any series of changes, lists what reading the whole board lists', () => {
    const doc = board();
    const live = new LiveOutline(doc.values());
    const change = (...entries: [string, unknown][]) => {
      for (const [key, value] of entries) {
        if (value === undefined) doc.delete(key);
        else doc.set(key, value);
      }
      live.apply(entries);
      expect(live.outline).toEqual(buildOutline(doc.values()));
    };
    expect(live.outline).toEqual(buildOutline(doc.values()));
    const a = doc.get('shape:a') as ReturnType<typeof note>;
    change(['shape:a', { ...a, props: { ...a.props, richText: toRichText('First, edited') } }]);
    change(['shape:a', { ...a, y: 400 }]);
    change(['shape:b', { ...(doc.get('shape:b') as object), parentId: 'shape:right' }]);
    change(['shape:new', note('new', 'Just added', 'shape:left', 0, 600, 'facilitator')]);
    change(['shape:loose', undefined]);
    change(['shape:left', { ...(doc.get('shape:left') as ReturnType<typeof frame>), x: 900, props: { ...(doc.get('shape:left') as ReturnType<typeof frame>).props, name: 'Renamed' } }]);
    change(['shape:g', group('g', 'shape:right', 0, 300)], ['shape:in-group', note('in-group', 'In a group', 'shape:g', 0, 0, 'professional')]);
    change(['shape:g', { ...(doc.get('shape:g') as object), parentId: BOARD_PAGE_ID }]);
    change(['shape:third', frame('third', 'Third', 0, 900)], ['shape:c', { ...(doc.get('shape:c') as object), parentId: 'shape:third' }]);
    change(['shape:right', undefined]);
    change(['shape:locked', { ...note('locked', 'Locked', 'shape:third', 0, 0, 'professional'), isLocked: true }]);
  });

  it('a partner typing in one note re-reads that note only: every other area and note is the same object', () => {
    const doc = board();
    const live = new LiveOutline(doc.values());
    const before = live.outline;
    const a = doc.get('shape:a') as ReturnType<typeof note>;
    expect(live.apply([['shape:a', { ...a, props: { ...a.props, richText: toRichText('First, typed') } }]])).toEqual({ added: [], removed: [] });
    const after = live.outline;
    expect(after).not.toBe(before);
    // One new note entry, in one new area entry; the rest are kept, so the page redraws only them.
    expect(allNotes(after).filter((n) => !allNotes(before).includes(n)).map((n) => n.text)).toEqual(['First, typed']);
    expect(after.frames.filter((f, i) => f !== before.frames[i]).map((f) => f.name)).toEqual(['Questions']);
    expect(after.unframed).toBe(before.unframed);
    // Asking again without a change gives the same outline.
    expect(live.outline).toBe(after);
  });

  it('says which notes came and went, and moving a note re-lists its own area only', () => {
    const doc = board();
    const live = new LiveOutline(doc.values());
    const before = live.outline;
    const c = doc.get('shape:c') as ReturnType<typeof note>;
    expect(live.apply([['shape:c', { ...c, y: 300 }], ['shape:added', note('added', 'New', 'shape:right', 0, 0)], ['shape:loose', undefined]])).toEqual({
      added: ['shape:added'],
      removed: ['shape:loose'],
    });
    expect(live.outline.frames[0]).toBe(before.frames[0]);
    expect(live.outline.frames[1].notes.map((n) => n.text)).toEqual(['New', 'Line one\nLine two']);
    expect(live.outline.frames[1].notes[1]).not.toBe(before.frames[1].notes[0]);
    expect(live.noteCount).toBe(4);
  });
});
