import { describe, expect, it } from 'vitest';
import { countBalance, countWords, describeBalance } from '../../lib/board-outline';

describe('balance counting', () => {
  it('counts words as runs of non-space characters', () => {
    expect(countWords('  Two  words\n')).toBe(2);
    expect(countWords('')).toBe(0);
    expect(countWords('co-production, really!')).toBe(2);
  });

  it('adds up notes and words per role across areas and loose notes', () => {
    const lay = { userId: 'l', role: 'lay_partner' as const };
    const pro = { userId: 'p', role: 'professional' as const };
    const balance = countBalance({
      frames: [{ id: 'f', name: 'F', notes: [{ id: '1', text: 'one two', author: lay, locked: false }, { id: '2', text: 'three', author: pro, locked: false }] }],
      unframed: [{ id: '3', text: 'four five six', author: lay, locked: false }, { id: '4', text: 'prompt', author: null, locked: true }],
    });
    expect(describeBalance(balance)).toBe('Lay partners: 2 notes, 5 words · Professionals: 1 note, 1 word');
  });
});
