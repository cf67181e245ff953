import { describe, expect, it } from 'vitest';
import { evaluationCsv, evaluationRows, type EvaluationFigures } from '../../server/exports/evaluation';
import { isSmallCount, publishFigure, publishWithTotal, SMALL_COUNT_THRESHOLD, SUPPRESSED_TEXT } from '../../server/exports/suppression';

const count = (value: number) => ({ value, people: value });

describe('small-count suppression', () => {
  it('hides figures about 1 to 4 people, never 0 or 5 and more', () => {
    expect(SMALL_COUNT_THRESHOLD).toBe(5);
    expect(SUPPRESSED_TEXT).toBe('<5');
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((n) => isSmallCount(n))).toEqual([false, true, true, true, true, false, false, false]);
    expect(publishFigure(count(4))).toEqual({ value: null, hidden: 'small' });
    expect(publishFigure(count(0))).toEqual({ value: 0, hidden: null });
    expect(publishFigure(count(5))).toEqual({ value: 5, hidden: null });
    // A figure that is not a count of people is judged by the people behind it: 300 words by one person are hidden.
    expect(publishFigure({ value: 300, people: 1 })).toEqual({ value: null, hidden: 'small' });
    expect(publishFigure({ value: 300, people: 7 })).toEqual({ value: 300, hidden: null });
    // The threshold is a parameter.
    expect(publishFigure(count(6), 10).hidden).toBe('small');
  });

  it('hides a total that would give away a hidden part (secondary suppression)', () => {
    // 2 + 9 + 9 = 20: showing 20 would give the hidden 2 away.
    const one = publishWithTotal([count(2), count(9), count(9)]);
    expect(one.parts.map((p) => p.value)).toEqual([null, 9, 9]);
    expect(one.total).toEqual({ value: null, hidden: 'secondary' });
    // Two hidden parts with a known sum can still be pinned down (1 + 1), so the total stays hidden too.
    expect(publishWithTotal([count(1), count(1), count(9)]).total.hidden).toBe('secondary');
    // Nothing hidden: the total is shown.
    expect(publishWithTotal([count(5), count(0), count(7)]).total).toEqual({ value: 12, hidden: null });
    // A small total is hidden in its own right.
    expect(publishWithTotal([count(0), count(0), count(3)]).total.hidden).toBe('small');
  });
});

describe('evaluation CSV', () => {
  const figures: EvaluationFigures = {
    members: { facilitator: 2, professional: 6, lay_partner: 6 },
    pairs: 6,
    groups: [
      {
        scope: 'Workshop 1',
        attendance: { facilitator: 1, professional: 6, lay_partner: 5 },
        contributors: { facilitator: 0, professional: 5, lay_partner: 1 },
        contributions: { facilitator: { notes: 0, words: 0 }, professional: { notes: 30, words: 120 }, lay_partner: { notes: 4, words: 20 } },
        responses: { facilitator: { reactions: 2, comments: 0 }, professional: { reactions: 12, comments: 9 }, lay_partner: { reactions: 20, comments: 3 } },
        responders: { facilitator: { reactions: 1, comments: 0 }, professional: { reactions: 5, comments: 5 }, lay_partner: { reactions: 6, comments: 2 } },
      },
    ],
  };

  it('has counts by role and totals, hides small counts and the totals that would reveal them, and says why', () => {
    const csv = evaluationCsv(figures);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('section,scope,measure,role,value,note');
    expect(lines).toContain('members,cohort,members,Professional,6,');
    expect(lines).toContain('members,cohort,members,Facilitator,<5,"Hidden: fewer than 5 people, so no one can be singled out."');
    expect(lines).toContain('members,cohort,members,all roles,<5,"Hidden: with the figures shown, it would give away a hidden figure."');
    expect(lines).toContain('pairs,cohort,pairs formed,,6,');
    expect(lines).toContain('attendance,Workshop 1,people who opened or wrote on the boards,Lay partner,5,');
    expect(lines).toContain('attendance,Workshop 1,people who opened or wrote on the boards,Facilitator,<5,"Hidden: fewer than 5 people, so no one can be singled out."');
    // One lay partner wrote: their notes and words are theirs alone, so hidden; the professionals' are shown.
    expect(lines).toContain('contributions,Workshop 1,people who wrote notes,Lay partner,<5,"Hidden: fewer than 5 people, so no one can be singled out."');
    expect(lines).toContain('contributions,Workshop 1,words,Lay partner,<5,"Hidden: fewer than 5 people, so no one can be singled out."');
    expect(lines).toContain('contributions,Workshop 1,notes,Professional,30,');
    expect(lines).toContain('contributions,Workshop 1,words,all roles,<5,"Hidden: with the figures shown, it would give away a hidden figure."');
    // Reactions and comments by role, each hidden when fewer than 5 people of the role gave them.
    expect(lines).toContain('responses,Workshop 1,reactions,Lay partner,20,');
    expect(lines).toContain('responses,Workshop 1,reactions,Professional,12,');
    expect(lines).toContain('responses,Workshop 1,reactions,Facilitator,<5,"Hidden: fewer than 5 people, so no one can be singled out."');
    expect(lines).toContain('responses,Workshop 1,reactions,all roles,<5,"Hidden: with the figures shown, it would give away a hidden figure."');
    expect(lines).toContain('responses,Workshop 1,comments,Facilitator,0,');
    expect(lines).toContain('responses,Workshop 1,comments,Professional,9,');
    expect(lines).toContain('responses,Workshop 1,comments,Lay partner,<5,"Hidden: fewer than 5 people, so no one can be singled out."');
    // No role's hidden number can be worked out: wherever a part is hidden, so is its total.
    for (const line of lines) expect(line).not.toMatch(/,(1|2|3|4),$/);
    expect(lines).toHaveLength(1 + 4 + 1 + 6 * 4);
  });

  it('never shows a hidden part next to its total', () => {
    const rows = evaluationRows({ ...figures, members: { facilitator: 0, professional: 7, lay_partner: 4 } });
    const members = rows.filter((r) => r[0] === 'members');
    expect(members.map((r) => r[4])).toEqual([0, 7, '<5', '<5']);
    // With nothing small, the total is given.
    const open = evaluationRows({ ...figures, members: { facilitator: 5, professional: 7, lay_partner: 6 } }).filter((r) => r[0] === 'members');
    expect(open.map((r) => r[4])).toEqual([5, 7, 6, 18]);
  });
});
