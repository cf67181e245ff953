import type { TLParentId } from '@tldraw/tlschema';
import { describe, expect, it } from 'vitest';
import { ballotRefusal, frameRefusal } from '../../server/facilitation/votes';
import { buildBoardRecords } from '../../server/realtime/templates';
import { BOARD_PAGE_ID, frameShape, noteShape, siblingIndexes, textShape } from '../../server/realtime/templates/records';

const [i1, i2] = siblingIndexes(2);
const records = new Map<string, unknown>(
  [
    ...buildBoardRecords({ template: 'workshop-1', title: 'Cohort A', pairs: [{ id: 'p1', projectTitle: 'Waiting room voices', people: 'Pri & Lee' }] }),
    noteShape({ id: 'in-pair', parentId: 'shape:frame-pair-p1' as TLParentId, index: i2, x: 40, y: 300, text: 'Idea in the pair frame' }),
    frameShape({ id: 'nested', parentId: 'shape:frame-shared' as TLParentId, index: i2, x: 10, y: 200, w: 300, h: 200, name: 'Nested' }),
    noteShape({ id: 'deep', parentId: 'shape:nested' as TLParentId, index: i1, x: 10, y: 10, text: 'Deep in the shared area' }),
    noteShape({ id: 'loose', parentId: BOARD_PAGE_ID, index: i1, x: 2000, y: 2000, text: 'On the page' }),
    textShape({ id: 'words', parentId: 'shape:frame-shared' as TLParentId, index: i1, x: 0, y: 0, w: 100, text: 'Not a note' }),
  ].map((r) => [r.id, r]),
);

describe('where a dot may go', () => {
  it('a whole-board vote takes any note people added', () => {
    for (const id of ['shape:in-pair', 'shape:deep', 'shape:loose']) expect(ballotRefusal(records, id, null), id).toBeNull();
  });

  it('a frame vote takes only notes inside that frame, at any depth', () => {
    expect(ballotRefusal(records, 'shape:deep', 'shape:frame-shared')).toBeNull();
    expect(ballotRefusal(records, 'shape:in-pair', 'shape:frame-pair-p1')).toBeNull();
    expect(ballotRefusal(records, 'shape:in-pair', 'shape:frame-shared')).toMatch(/not in the frame/);
    expect(ballotRefusal(records, 'shape:loose', 'shape:frame-shared')).toMatch(/not in the frame/);
  });

  it('refuses shapes that are missing, not sticky notes, or the template’s prompts', () => {
    expect(ballotRefusal(records, 'shape:nothing', null)).toMatch(/not on the board/);
    expect(ballotRefusal(records, 'page:board', null)).toMatch(/not on the board/);
    expect(ballotRefusal(records, 'shape:words', null)).toMatch(/only vote on sticky notes/);
    expect(ballotRefusal(records, 'shape:frame-shared', null)).toMatch(/only vote on sticky notes/);
    expect(ballotRefusal(records, 'shape:prompt-shared', 'shape:frame-shared')).toMatch(/board’s questions/);
  });

  it('does not loop on a crafted parent cycle', () => {
    const cyclic = new Map<string, unknown>([
      ['shape:a', { typeName: 'shape', type: 'note', parentId: 'shape:b' }],
      ['shape:b', { typeName: 'shape', type: 'frame', parentId: 'shape:a' }],
    ]);
    expect(ballotRefusal(cyclic, 'shape:a', 'shape:elsewhere')).toMatch(/not in the frame/);
  });
});

describe('where a vote may be held', () => {
  it('on a frame that is on the board, never on another shape or a missing one', () => {
    expect(frameRefusal(records, 'shape:frame-shared')).toBeNull();
    expect(frameRefusal(records, 'shape:nested')).toBeNull();
    expect(frameRefusal(records, 'shape:loose')).toMatch(/not on the board/);
    expect(frameRefusal(records, 'shape:gone')).toMatch(/not on the board/);
  });
});
