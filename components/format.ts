/** A workshop day for people, e.g. "Wednesday 10 February 2016" (dates are stored as UTC days). */
export function formatDay(date: Date): string {
  return date.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A day as `YYYY-MM-DD` for a `<time dateTime>` attribute. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "3 professionals", "1 lay partner". */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How a workshop day relates to today, in a word or two. */
export const TIMING_LABEL = { past: 'done', today: 'today', upcoming: 'coming up' } as const;
