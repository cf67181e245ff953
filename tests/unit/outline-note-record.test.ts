import { describe, expect, it } from 'vitest';
import { buildOutline } from '../../lib/board-outline';
import { newNoteInFrame, noteWithText } from '../../components/outline/note-record';
import { BOARD_PAGE_ID, frameShape, noteShape, siblingIndexes } from '../../server/realtime/templates/records';
import { validateBoardRecord } from '../../server/realtime/seed';

const [i1, i2] = siblingIndexes(2);
const frame = frameShape({ id: 'ideas', parentId: BOARD_PAGE_ID, index: i1, x: 0, y: 0, w: 700, h: 500, name: 'Ideas' });
const existing = noteShape({ id: 'first', parentId: frame.id, index: i2, x: 20, y: 40, text: 'First', color: 'blue' });

describe('outline note records', () => {
  it('adds a note tldraw accepts, in the frame, above its siblings and in the next grid slot, styled like the others', () => {
    const note = newNoteInFrame([frame, existing], frame.id, 'Second idea');
    expect(() => validateBoardRecord(note)).not.toThrow();
    expect(note.parentId).toBe(frame.id);
    expect(note.index > existing.index).toBe(true);
    expect([note.x, note.y]).toEqual([240, 40]);
    expect(note.props.color).toBe('blue');
    expect(note.meta).toEqual({});
    const outline = buildOutline([frame, existing, note]);
    expect(outline.frames[0].notes.map((n) => n.text)).toEqual(['First', 'Second idea']);
  });

  it('never puts a note on top of one someone placed by hand: it takes the first free cell', () => {
    const placedByHand = noteShape({ id: 'moved', parentId: frame.id, index: i2, x: 250, y: 60, text: 'Moved here', color: 'blue' });
    const note = newNoteInFrame([frame, existing, placedByHand], frame.id, 'Third');
    // Cell 1 (240, 40) is covered by the hand-placed note; cell 2 is free.
    expect([note.x, note.y]).toEqual([460, 40]);
  });

  it('never puts a note under one lying over the frame on the page, outside the frame’s own shapes', () => {
    const movedFrame = { ...frame, x: 1000, y: 500 };
    const onPage = noteShape({ id: 'on-page', parentId: BOARD_PAGE_ID, index: i2, x: 1250, y: 560, text: 'Over the frame', color: 'yellow' });
    const note = newNoteInFrame([movedFrame, { ...existing }, onPage], frame.id, 'Third');
    // Cell 1 (240, 40) in the frame is (1240, 540) on the page: covered by the page's note.
    expect([note.x, note.y]).toEqual([460, 40]);
  });

  it('works on a board with no notes yet, and refuses a frame that is gone', () => {
    expect(() => validateBoardRecord(newNoteInFrame([frame], frame.id, 'Only one'))).not.toThrow();
    expect(() => newNoteInFrame([frame], 'shape:gone', 'x')).toThrow('no longer on the board');
  });

  it('changes only the text of an edited note', () => {
    const edited = noteWithText(existing, 'Changed\nover two lines');
    expect(buildOutline([frame, edited]).frames[0].notes[0].text).toBe('Changed\nover two lines');
    expect({ ...edited, props: { ...edited.props, richText: existing.props.richText } }).toEqual(existing);
  });
});
