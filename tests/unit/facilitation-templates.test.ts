import { describe, expect, it } from 'vitest';
import type { TLNoteShape, TLRecord, TLTextShape } from '@tldraw/tlschema';
import { validateBoardRecordEntry } from '../../server/realtime/seed';
import { buildBoardRecords } from '../../server/realtime/templates';
import { workshopPlan } from '../../server/realtime/templates/workshop-plans';

const pairs = [
  { id: 'p1', projectTitle: 'Waiting room voices', people: 'Priya & Lee' },
  { id: 'p2', projectTitle: 'Clearer letters', people: 'Sam & Ali' },
];

function plainText(record: TLNoteShape | TLTextShape): string {
  return JSON.stringify(record.props.richText);
}

const shapes = (records: TLRecord[]) => records.flatMap((r) => (r.typeName === 'shape' ? [r] : []));

describe('workshop templates follow the programme', () => {
  it.each([
    [1, 'the benefits of working collaboratively'],
    [2, 'sharing expertise and experiences'],
    [3, 'building collaborative networks and appreciating different perspectives'],
  ] as const)('workshop %i: the theme in the title, an agenda, the day’s question in every pair frame and the shared questions', (n, theme) => {
    const records = buildBoardRecords({ template: `workshop-${n}`, title: 'Oxford', pairs });
    for (const record of records) validateBoardRecordEntry(record.id, record);
    const all = shapes(records);
    const title = all.find((s) => s.id === 'shape:title') as TLTextShape;
    expect(plainText(title)).toContain(theme);

    const agenda = all.find((s) => s.id === 'shape:agenda') as TLTextShape;
    expect(plainText(agenda)).toContain('Agenda for the day');
    expect(plainText(agenda)).toContain('Lunch');
    // The agenda comes after every frame in the page order and sits to their left.
    const pageShapes = all.filter((s) => s.parentId === 'page:board').map((s) => s.index);
    expect(agenda.index).toBe([...pageShapes].sort().at(-1));
    expect(agenda.x).toBeLessThan(0);

    const plan = workshopPlan(n);
    for (const pair of pairs) {
      const prompt = all.find((s) => s.id === `shape:prompt-pair-${pair.id}`) as TLNoteShape;
      expect(prompt.parentId).toBe(`shape:frame-pair-${pair.id}`);
      expect(plainText(prompt)).toContain(plan.pairPrompt.slice(0, 20));
    }
    const shared = all.filter((s) => s.parentId === 'shape:frame-shared' && s.type === 'note') as TLNoteShape[];
    expect(shared).toHaveLength(plan.sharedPrompts.length);
    // Prompts sit side by side inside the frame.
    expect(new Set(shared.map((s) => s.x)).size).toBe(shared.length);
    expect(Math.max(...shared.map((s) => s.x)) + 200).toBeLessThanOrEqual(720);
  });

  it('each workshop has its own questions', () => {
    const prompts = [1, 2, 3].map((n) => workshopPlan(n).sharedPrompts[0]);
    expect(new Set(prompts).size).toBe(3);
  });
});
