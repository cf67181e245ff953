import { describe, expect, it } from 'vitest';
import { peopleHere, readVerifiedUser, type VerifiedUser } from '../../canvas/people';

const self: VerifiedUser = { id: 'u-self', name: 'Asha', role: 'professional', color: '#0b5cad' };

describe('readVerifiedUser', () => {
  it('reads the server-set user field', () => {
    expect(readVerifiedUser({ user: { id: 'u1', name: ' Bill ', role: 'lay_partner', color: '#8a3b00' } })).toEqual({
      id: 'u1',
      name: 'Bill',
      role: 'lay_partner',
      color: '#8a3b00',
    });
  });

  it('ignores states without a verified user or with an unknown role', () => {
    expect(readVerifiedUser({ presence: {} })).toBeNull();
    expect(readVerifiedUser({ user: { id: 'u1', name: 'X', role: 'admin', color: '#000' } })).toBeNull();
    expect(readVerifiedUser(null)).toBeNull();
  });

  it('replaces an unsafe colour and a blank name', () => {
    expect(readVerifiedUser({ user: { id: 'u1', name: '  ', role: 'facilitator', color: 'red;background:url(x)' } })).toMatchObject({
      name: 'Someone',
      color: '#4a5568',
    });
  });
});

describe('peopleHere', () => {
  it('lists this person first, everyone else once by name, with role badges', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'u-z', name: 'Zed', role: 'facilitator', color: '#111111' } }],
      [2, { user: { id: 'u-b', name: 'Bill', role: 'lay_partner', color: '#222222' } }],
      [3, { user: { id: 'u-b', name: 'Bill', role: 'lay_partner', color: '#222222' } }],
      [4, { user: { ...self, color: '#333333' } }],
      [5, { cursor: 'unverified' }],
    ]);
    const people = peopleHere(states, self);
    expect(people.map((p) => [p.name, p.roleLabel, p.isSelf])).toEqual([
      ['Asha', 'Professional', true],
      ['Bill', 'Lay partner', false],
      ['Zed', 'Facilitator', false],
    ]);
    expect(people[0].color).toBe('#333333');
  });
});
