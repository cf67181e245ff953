/** An edition's date as people read it ("25 November 2026"), the same on server and browser. */
export function formatEditionDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}
