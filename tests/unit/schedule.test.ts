import { describe, expect, it } from 'vitest';
import { checkSchedule, nextWorkshop, parseDay, workshopTiming } from '../../server/domain/schedule';

const codes = (dates: string[]) => checkSchedule(dates).map((w) => w.code);

describe('schedule rule: three one-day workshops spread over three months', () => {
  it('accepts the 2016 High Wycombe schedule (Feb/Mar/Apr) without warnings', () => {
    expect(checkSchedule(['2016-02-10', '2016-03-09', '2016-04-13'])).toEqual([]);
  });

  it('accepts the edges of the tolerance: two-week gaps and 6 or 16 weeks first to last', () => {
    expect(codes(['2026-01-05', '2026-01-19', '2026-02-16'])).toEqual([]); // 6 weeks
    expect(codes(['2026-01-05', '2026-02-16', '2026-04-27'])).toEqual([]); // 16 weeks
  });

  it('warns when there are not exactly three dates', () => {
    expect(codes(['2026-01-05', '2026-03-02'])).toContain('count');
    expect(codes(['2026-01-05', '2026-02-02', '2026-03-02', '2026-03-30'])).toContain('count');
    expect(checkSchedule(['2026-01-05'])[0].message).toBe('The programme has three workshops, but 1 date was given.');
  });

  it('warns about two workshops on the same day, and not also about the gap', () => {
    const warnings = checkSchedule(['2026-01-05', '2026-01-05', '2026-03-02']);
    expect(warnings.map((w) => w.code)).toEqual(['same_day']);
    expect(warnings[0].message).toBe('Workshop 1 and workshop 2 are on the same day. Each workshop is a separate day.');
  });

  it('warns when the dates are out of order', () => {
    const warnings = checkSchedule(['2026-02-02', '2026-01-05', '2026-03-30']);
    expect(warnings.map((w) => w.code)).toContain('out_of_order');
    expect(warnings.find((w) => w.code === 'out_of_order')?.message).toMatch(/Workshop 2 is before workshop 1/);
  });

  it('warns when two workshops are less than two weeks apart', () => {
    const warnings = checkSchedule(['2026-01-05', '2026-01-15', '2026-03-30']);
    expect(warnings.map((w) => w.code)).toEqual(['gap_too_short']);
    expect(warnings[0].message).toMatch(/only 10 days apart/);
  });

  it('warns when first to last is much shorter or much longer than about three months', () => {
    expect(codes(['2026-01-05', '2026-01-19', '2026-02-09'])).toEqual(['span_too_short']); // 5 weeks
    const long = checkSchedule(['2026-01-05', '2026-03-02', '2026-06-01']); // 21 weeks
    expect(long.map((w) => w.code)).toEqual(['span_too_long']);
    expect(long[0].message).toMatch(/about 21 weeks apart/);
  });

  it('writes every warning in plain sentences', () => {
    for (const w of checkSchedule(['2026-03-01', '2026-03-01', '2026-01-01', '2027-01-01'])) {
      expect(w.message).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('calendar days', () => {
  it('parses real YYYY-MM-DD dates only', () => {
    expect(parseDay('2026-03-14')?.toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('14/03/2026')).toBeNull();
    expect(parseDay('')).toBeNull();
  });

  it('tells past, today and upcoming workshops apart and finds the next one', () => {
    const workshops = [
      { number: 1, date: parseDay('2026-01-05') as Date },
      { number: 2, date: parseDay('2026-02-02') as Date },
      { number: 3, date: parseDay('2026-03-02') as Date },
    ];
    expect(workshopTiming(workshops[0].date, '2026-02-02')).toBe('past');
    expect(workshopTiming(workshops[1].date, '2026-02-02')).toBe('today');
    expect(workshopTiming(workshops[2].date, '2026-02-02')).toBe('upcoming');
    expect(nextWorkshop(workshops, '2026-02-02')?.number).toBe(2);
    expect(nextWorkshop(workshops, '2026-02-03')?.number).toBe(3);
    expect(nextWorkshop(workshops, '2026-03-03')).toBeNull();
  });
});
