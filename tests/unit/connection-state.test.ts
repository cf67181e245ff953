import { describe, expect, it } from 'vitest';
import { nextConnectionState, type BoardConnectionState } from '../../canvas/board-connection';
import type { PersonHere } from '../../canvas/people';

const sam: PersonHere = { id: 'u1', name: 'Sam', role: 'lay_partner', color: '#123456', roleLabel: 'Lay partner', isSelf: true };
const ada: PersonHere = { id: 'u2', name: 'Ada', role: 'professional', color: '#654321', roleLabel: 'Professional', isSelf: false };

function state(status: BoardConnectionState['status'], people: PersonHere[]): BoardConnectionState {
  return { phase: 'ready', status, canEdit: true, readOnlyReason: null, stopReason: null, people };
}

describe('the connection state a page is given', () => {
  it('is the same object when nothing shown has changed (no listener runs)', () => {
    const before = state('saved', [{ ...sam }]);
    expect(nextConnectionState(before, state('saved', [{ ...sam }]))).toBe(before);
  });

  it('keeps the people list, object for object, when only the save status changes (the canvas is not drawn again)', () => {
    const before = state('saved', [{ ...sam }, { ...ada }]);
    const after = nextConnectionState(before, state('saving', [{ ...sam }, { ...ada }]));
    expect(after).not.toBe(before);
    expect(after.status).toBe('saving');
    expect(after.people).toBe(before.people);
    expect(after.people[0]).toBe(before.people[0]);
  });

  it('gives a new list when someone comes, goes or changes colour', () => {
    const before = state('saved', [{ ...sam }]);
    const joined = nextConnectionState(before, state('saved', [{ ...sam }, { ...ada }]));
    expect(joined.people).toHaveLength(2);
    expect(joined).not.toBe(before);
    const recoloured = nextConnectionState(joined, state('saved', [{ ...sam, color: '#000000' }, { ...ada }]));
    expect(recoloured.people[0].color).toBe('#000000');
  });
});
