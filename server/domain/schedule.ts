/**
 * The programme's schedule rule: "three one-day workshops spread over three months".
 * Breaking it is allowed (a venue may only be free on certain days), so the rule only ever
 * produces warnings in plain language, never errors.
 *
 * Dates are calendar days: a `Date` at midnight UTC, or a `YYYY-MM-DD` string.
 */

export const WORKSHOPS_PER_COHORT = 3;
/** Shortest comfortable gap between two workshops: time to try things out in between. */
export const MIN_GAP_DAYS = 14;
/** "About three months" first to last, read generously: between 6 and 16 weeks. */
export const MIN_SPAN_DAYS = 6 * 7;
export const MAX_SPAN_DAYS = 16 * 7;

const MS_PER_DAY = 24 * 60 * 60 * 1000;

export type ScheduleWarningCode = 'count' | 'same_day' | 'out_of_order' | 'gap_too_short' | 'span_too_short' | 'span_too_long';

export interface ScheduleWarning {
  code: ScheduleWarningCode;
  message: string;
}

export type CalendarDay = Date | string;

/** Turns a calendar day into whole days since 1970-01-01 (UTC), or null when it is not a real date. */
export function dayNumber(day: CalendarDay): number | null {
  const date = typeof day === 'string' ? parseDay(day) : day;
  if (!date || Number.isNaN(date.getTime())) return null;
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** Parses `YYYY-MM-DD` into midnight UTC; null for anything else (including 2026-02-30). */
export function parseDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** Formats a number of days as weeks for people, e.g. "about 9 weeks" or "10 days". */
function describeDays(days: number): string {
  if (days < 21) return days === 1 ? '1 day' : `${days} days`;
  return `about ${Math.round(days / 7)} weeks`;
}

/** Checks a cohort's workshop dates (in workshop order) against the programme's schedule rule. */
export function checkSchedule(dates: readonly CalendarDay[]): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = [];
  if (dates.length !== WORKSHOPS_PER_COHORT) {
    warnings.push({
      code: 'count',
      message: `The programme has three workshops, but ${dates.length === 1 ? '1 date was' : `${dates.length} dates were`} given.`,
    });
  }
  const days = dates.map(dayNumber);
  if (days.some((d) => d === null)) return warnings;
  const valid = days as number[];

  for (let i = 1; i < valid.length; i++) {
    const [earlier, later] = [valid[i - 1], valid[i]];
    const names = `Workshop ${i} and workshop ${i + 1}`;
    if (later === earlier) {
      warnings.push({ code: 'same_day', message: `${names} are on the same day. Each workshop is a separate day.` });
    } else if (later < earlier) {
      warnings.push({
        code: 'out_of_order',
        message: `Workshop ${i + 1} is before workshop ${i}. Check the dates are in the order the workshops will happen.`,
      });
    } else if (later - earlier < MIN_GAP_DAYS) {
      warnings.push({
        code: 'gap_too_short',
        message: `${names} are only ${describeDays(later - earlier)} apart. We suggest at least two weeks between workshops, so pairs have time to work on their project.`,
      });
    }
  }

  if (valid.length >= 2) {
    const span = Math.max(...valid) - Math.min(...valid);
    const advice = 'The programme spreads the workshops over about three months (between 6 and 16 weeks from first to last).';
    if (span > 0 && span < MIN_SPAN_DAYS) {
      warnings.push({ code: 'span_too_short', message: `The first and last workshops are only ${describeDays(span)} apart. ${advice}` });
    } else if (span > MAX_SPAN_DAYS) {
      warnings.push({ code: 'span_too_long', message: `The first and last workshops are ${describeDays(span)} apart. ${advice}` });
    }
  }
  return warnings;
}

export type WorkshopTiming = 'past' | 'today' | 'upcoming';

/** Whether a workshop day is past, today or still to come, relative to `today` (both calendar days). */
export function workshopTiming(day: CalendarDay, today: CalendarDay): WorkshopTiming {
  const [d, t] = [dayNumber(day), dayNumber(today)];
  if (d === null || t === null) return 'upcoming';
  if (d < t) return 'past';
  return d === t ? 'today' : 'upcoming';
}

/** The first workshop on or after `today`, or null when every workshop is over. */
export function nextWorkshop<T extends { date: CalendarDay }>(workshops: readonly T[], today: CalendarDay): T | null {
  const ahead = workshops.filter((w) => workshopTiming(w.date, today) !== 'past');
  ahead.sort((a, b) => (dayNumber(a.date) ?? 0) - (dayNumber(b.date) ?? 0));
  return ahead[0] ?? null;
}
