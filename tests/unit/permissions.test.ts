import { describe, expect, it } from 'vitest';
import { ACTIONS, boardAccess, can, type Action } from '../../server/domain/permissions';
import { BOARD_KINDS, BOARD_STATES, MEMBER_ROLES } from '../../server/domain/roles';

const FACILITATOR_ONLY: Action[] = ACTIONS.filter((a) => a !== 'cohort.view' && a !== 'board.export');

describe('role-by-action table', () => {
  it('lets a facilitator take every action', () => {
    for (const action of ACTIONS) expect(can('facilitator', action)).toBe(true);
  });

  it.each(['professional', 'lay_partner'] as const)('lets a %s view their cohort and export a board, nothing else', (role) => {
    expect(can(role, 'cohort.view')).toBe(true);
    expect(can(role, 'board.export')).toBe(true);
    for (const action of FACILITATOR_ONLY) expect(can(role, action), action).toBe(false);
  });

  it('gives a non-member nothing at all', () => {
    for (const action of ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('refuses the hostile cases: a participant pairing, inviting, locking or publishing', () => {
    for (const role of ['professional', 'lay_partner'] as const) {
      for (const action of ['pair.manage', 'invitation.manage', 'cohort.manage', 'board.lock', 'mural.publish', 'board.exportNames'] as const) {
        expect(can(role, action)).toBe(false);
      }
    }
  });
});

describe('board access', () => {
  it('gives an outsider nothing on any board in any state (answered as not found)', () => {
    for (const kind of BOARD_KINDS) {
      for (const state of BOARD_STATES) {
        expect(boardAccess({ role: null, kind, state, isPairMember: false })).toBeNull();
        // Claiming to be in the pair does not help someone with no role in the cohort.
        expect(boardAccess({ role: null, kind, state, isPairMember: true })).toBeNull();
      }
    }
  });

  it('keeps a pair board editable by its pair and facilitators, view-only for the rest of the cohort', () => {
    expect(boardAccess({ role: 'lay_partner', kind: 'pair', state: 'open', isPairMember: true })).toBe('edit');
    expect(boardAccess({ role: 'professional', kind: 'pair', state: 'open', isPairMember: true })).toBe('edit');
    expect(boardAccess({ role: 'facilitator', kind: 'pair', state: 'open', isPairMember: false })).toBe('edit');
    expect(boardAccess({ role: 'lay_partner', kind: 'pair', state: 'open', isPairMember: false })).toBe('view');
    expect(boardAccess({ role: 'professional', kind: 'pair', state: 'open', isPairMember: false })).toBe('view');
  });

  it('lets every member edit open workshop boards and murals', () => {
    for (const role of MEMBER_ROLES) {
      expect(boardAccess({ role, kind: 'workshop', state: 'open', isPairMember: false })).toBe('edit');
      expect(boardAccess({ role, kind: 'mural', state: 'open', isPairMember: false })).toBe('edit');
    }
  });

  it('makes locked boards view-only except for facilitators, and archived boards view-only for all', () => {
    for (const kind of BOARD_KINDS) {
      expect(boardAccess({ role: 'lay_partner', kind, state: 'locked', isPairMember: true })).toBe('view');
      expect(boardAccess({ role: 'facilitator', kind, state: 'locked', isPairMember: false })).toBe('edit');
      for (const role of MEMBER_ROLES) expect(boardAccess({ role, kind, state: 'archived', isPairMember: true })).toBe('view');
    }
  });
});
