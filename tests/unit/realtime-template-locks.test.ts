import type { TLRecord, TLShape } from '@tldraw/tlschema';
import { describe, expect, it } from 'vitest';
import { buildBoardRecords, isTemplatePromptId, type BoardSeedInput } from '../../server/realtime/templates';

const input = (template: BoardSeedInput['template']): BoardSeedInput => ({
  template,
  title: 'Leading Together',
  pair: { projectTitle: 'Waiting room voices', challenge: 'People wait without knowing why.' },
  pairs: [{ id: 'p1', projectTitle: 'Project 1', people: 'Pro & Lay' }],
});

const shapes = (records: TLRecord[]) => records.filter((r): r is TLShape => r.typeName === 'shape');

describe('templates seed their fixed parts locked', () => {
  it.each(['pair', 'workshop-1', 'workshop-2', 'workshop-3', 'mural'] as const)('%s: title, prompts and agenda are locked; frames stay open for notes', (template) => {
    const all = shapes(buildBoardRecords(input(template)));
    const prompts = all.filter((s) => s.type === 'note');
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) {
      expect(isTemplatePromptId(prompt.id), prompt.id).toBe(true);
      expect(prompt.isLocked, prompt.id).toBe(true);
    }
    for (const text of all.filter((s) => s.type === 'text')) expect(text.isLocked, text.id).toBe(true);
    // tldraw locks everything inside a locked frame and lets no new shape in: people work there.
    for (const frame of all.filter((s) => s.type === 'frame')) expect(frame.isLocked, frame.id).toBe(false);
  });

  it('workshop boards have their agenda among the locked texts', () => {
    const agenda = shapes(buildBoardRecords(input('workshop-2'))).find((s) => s.id === 'shape:agenda');
    expect(agenda?.isLocked).toBe(true);
  });
});
