import { createTLSchemaFromUtils } from '@tldraw/editor';
import { defaultBindingUtils, defaultShapeUtils } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_RECORD_KEY } from '../../lib/collab-protocol';
import { boardSchema, validateBoardRecordEntry } from '../../server/realtime/seed';
import { BOARD_TEMPLATES, buildBoardRecords, type BoardSeedInput } from '../../server/realtime/templates';

const pairs = Array.from({ length: 7 }, (_, i) => ({ id: `pair${i}`, projectTitle: `Project ${i}`, people: `Pro ${i} & Lay ${i}` }));

function inputFor(template: BoardSeedInput['template']): BoardSeedInput {
  return { template, title: 'Leading Together', pairs, pair: { projectTitle: 'Waiting room voices', challenge: 'People wait without knowing why.' } };
}

describe('board templates', () => {
  it.each(BOARD_TEMPLATES)('%s: every record is valid under tldraw’s schema, ids unique, parents present', (template) => {
    const records = buildBoardRecords(inputFor(template));
    for (const record of records) validateBoardRecordEntry(record.id, record);
    const ids = new Set(records.map((r) => r.id));
    expect(ids.size).toBe(records.length);
    for (const record of records) {
      if (record.typeName === 'shape') expect(ids.has(record.parentId)).toBe(true);
    }
    expect(records.filter((r) => r.typeName === 'document')).toHaveLength(1);
    expect(records.filter((r) => r.typeName === 'page')).toHaveLength(1);
    // The record a device waits for before it opens the canvas (canvas/board-connection.ts).
    expect(records.map((r) => r.id as string)).toContain(DOCUMENT_RECORD_KEY);
  });

  it('a pair board has the challenge, both perspectives, ideas and next steps, with the pair’s challenge', () => {
    const records = buildBoardRecords(inputFor('pair'));
    const frames = records.flatMap((r) => (r.typeName === 'shape' && r.type === 'frame' ? [r.props.name] : []));
    expect(frames).toEqual(['The challenge', 'The lay perspective', 'The professional perspective', 'Ideas', 'Next steps']);
    expect(JSON.stringify(records)).toContain('People wait without knowing why.');
  });

  it('a pair board’s heading names its project once when the board is named after it', () => {
    const named = JSON.stringify(buildBoardRecords({ ...inputFor('pair'), title: 'Waiting room voices' }));
    expect(named).toContain('Waiting room voices');
    expect(named).not.toContain('Waiting room voices: Waiting room voices');
    expect(JSON.stringify(buildBoardRecords(inputFor('pair')))).toContain('Leading Together: Waiting room voices');
  });

  it('a workshop board has one frame per pair plus a shared area, in order on the page', () => {
    const records = buildBoardRecords(inputFor('workshop-2'));
    const frames = records.flatMap((r) => (r.typeName === 'shape' && r.type === 'frame' ? [r] : []));
    expect(frames.map((f) => f.props.name)).toEqual([...pairs.map((p) => `${p.projectTitle} (${p.people})`), 'Shared area']);
    const order = frames.map((f) => f.index);
    expect([...order].sort()).toEqual(order);
    expect(buildBoardRecords({ template: 'workshop-1', title: 'Empty cohort', pairs: [] }).filter((r) => r.typeName === 'shape' && r.type === 'frame')).toHaveLength(1);
  });

  it('the schema the server writes matches the canvas client’s (default shapes and bindings)', () => {
    const client = createTLSchemaFromUtils({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils }).serialize();
    expect(boardSchema().serialize()).toEqual(client);
  });
});
