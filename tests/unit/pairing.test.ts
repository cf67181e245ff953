import { describe, expect, it } from 'vitest';
import { checkPair, cohortBalance, suggestPairs, type PairCandidate } from '../../server/domain/pairing';

const person = (overrides: Partial<PairCandidate> & Pick<PairCandidate, 'memberId' | 'role'>): PairCandidate => ({
  cohortId: 'cohort-a',
  name: overrides.memberId,
  isPaired: false,
  ...overrides,
});

describe('pairing rules', () => {
  const pro = person({ memberId: 'Priya', role: 'professional' });
  const lay = person({ memberId: 'Les', role: 'lay_partner' });

  it('allows one professional with one lay partner of the same cohort', () => {
    expect(checkPair('cohort-a', pro, lay)).toEqual([]);
  });

  it('never pairs two professionals', () => {
    const other = person({ memberId: 'Paul', role: 'professional' });
    const problems = checkPair('cohort-a', pro, other);
    expect(problems).toEqual([{ field: 'layPartnerId', message: expect.stringMatching(/never two professionals/) }]);
  });

  it('refuses two lay partners, a facilitator, or the same person twice', () => {
    const lay2 = person({ memberId: 'Lin', role: 'lay_partner' });
    expect(checkPair('cohort-a', lay2, lay).map((p) => p.field)).toEqual(['professionalId']);
    const facilitator = person({ memberId: 'Fay', role: 'facilitator' });
    expect(checkPair('cohort-a', pro, facilitator).map((p) => p.field)).toEqual(['layPartnerId']);
    expect(checkPair('cohort-a', pro, pro)).toHaveLength(1);
  });

  it('never puts someone in two pairs', () => {
    const problems = checkPair('cohort-a', { ...pro, isPaired: true }, lay);
    expect(problems).toEqual([{ field: 'professionalId', message: 'Priya is already in a pair. Unpair them first if they need a new partner.' }]);
  });

  it('refuses people from another cohort', () => {
    const problems = checkPair('cohort-a', pro, { ...lay, cohortId: 'cohort-b' });
    expect(problems).toEqual([{ field: 'layPartnerId', message: expect.stringMatching(/different cohort/) }]);
  });
});

describe('suggestPairs', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
  const pros = [
    { id: 'p3', joinedAt: at(3) },
    { id: 'p1', joinedAt: at(1) },
    { id: 'p2', joinedAt: at(2) },
  ];
  const lays = [
    { id: 'l2', joinedAt: at(2) },
    { id: 'l1', joinedAt: at(1) },
  ];

  it('pairs people in the order they joined and reports who is left over', () => {
    const result = suggestPairs(pros, lays);
    expect(result.pairs.map((p) => [p.professional.id, p.layPartner.id])).toEqual([
      ['p1', 'l1'],
      ['p2', 'l2'],
    ]);
    expect(result.leftOver.professionals.map((p) => p.id)).toEqual(['p3']);
    expect(result.leftOver.layPartners).toEqual([]);
  });

  it('is deterministic whatever order the input comes in', () => {
    expect(suggestPairs([...pros].reverse(), [...lays].reverse())).toEqual(suggestPairs(pros, lays));
  });

  it('proposes nothing when one side is empty', () => {
    const result = suggestPairs([], lays);
    expect(result.pairs).toEqual([]);
    expect(result.leftOver.layPartners).toHaveLength(2);
  });
});

describe('cohortBalance', () => {
  it('is balanced with equal numbers', () => {
    expect(cohortBalance(4, 4)).toEqual({ balanced: true, professionals: 4, layPartners: 4, message: null });
  });

  it('flags unequal numbers and says what would balance them', () => {
    const balance = cohortBalance(3, 2);
    expect(balance.balanced).toBe(false);
    expect(balance.message).toBe(
      'This cohort has 3 professionals and 2 lay partners. The programme asks for equal numbers, so 1 more lay partner would balance it.',
    );
    expect(cohortBalance(1, 3).message).toMatch(/2 more professionals would balance it/);
  });
});
